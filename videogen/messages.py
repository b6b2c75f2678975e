"""The one message table: every sentence the domain has for a person, by code, with its parameters.

Codes and parameters cross the domain's boundary and are what the store keeps; words are made here, at the
edge, in a language (English now: a translation fills another column of this table)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from videogen.messages_zh import CHINESE, CHINESE_TERMS

ENGLISH = {
    # What to do after each kind of API error (`ApiError.kind`).
    "next_step.api_error": "Try again later.",
    "next_step.invalid_request": "Correct the request as the message says, then submit again.",
    "next_step.authentication": "Check the API key (APIMART_API_KEY): it is missing, mistyped or revoked.",
    "next_step.payment_required": "Top up the balance of your APIMart account, then submit again.",
    "next_step.model_unavailable": "This model is not available for this API key now: choose another model.",
    "next_step.forbidden": "This key may not use this model: choose another model or enable it for the key.",
    "next_step.not_found": "Check the task id or the address; the resource does not exist.",
    "next_step.rate_limited": "The API is limiting requests right now and made no task. Submit again in a minute.",
    "next_step.server_error": "The provider had a fault. Try again in a minute.",
    "next_step.unreachable": "Nothing was sent. Check the network or the base URL, then try again.",
    "next_step.outcome_unknown": "The task may have been created: check History before submitting again. The "
    "request is kept so it can be reconciled; it will not be sent again on its own.",
    "next_step.bad_response": "The API answered something unexpected. Try again later; if it persists, the API "
    "may have changed.",
    # What the store keeps about a request, a poll and a save.
    "submit.refused": "{message} {next_step}",
    "submit.unknown": "{message} {next_step}",
    "submit.app_failed": "The app failed while sending: the task may exist. Check History.",
    "submit.interrupted": "The app stopped before the API answered: the task may exist. Check your APIMart "
    "dashboard, then add its id or dismiss this row.",
    "task.failed": "{message}",
    "poll.failed": "{message}",
    "poll.not_found": "{message} The API no longer knows this task id; it is kept here in case it reappears.",
    "save.failed": "Saving the video failed ({reason}); retrying.",
    "save.failed_expiring": "Saving the video failed ({reason}); retrying. The link expires {expires}.",
    # A retry about to happen, shown while the user waits.
    "retry.no_answer": "No answer from the API ({reason}): retrying in {wait:.0f} s, attempt {attempt} of {attempts}.",
    "retry.rate_limited": "Rate limited (HTTP 429): retrying in {wait:.0f} s, attempt {attempt} of {attempts}.",
    "retry.timed_out": "The API timed out (HTTP 408): retrying in {wait:.0f} s, attempt {attempt} of {attempts}.",
    "retry.fault": "The API had a fault (HTTP {status}): retrying in {wait:.0f} s, attempt {attempt} of {attempts}.",
    # A reference image's verdict (codes as `check-image` prints them).
    "image.not_an_image": "This is not an image. Use a JPEG, PNG or WebP picture.",
    "image.unsupported_format": "{format} images are not accepted. Convert it to JPEG, PNG or WebP.",
    "image.too_large": "The file is {mb:.1f} MB; the limit is {limit_mb:.0f} MB. Use a smaller or more compressed "
    "image.",
    "image.too_many_pixels": "The image is {width}x{height} pixels, over the {max_mp:.0f} megapixel limit. Resize "
    "it first.",
    "image.enormous": "The image declares an enormous pixel size. Resize it first.",
    "image.corrupt": "The picture data is damaged or cut short, so the API could not use it: open the image in an "
    "editor and export it again, or use another file.",
    "image.aspect_override": "As it is, this {orientation} image will override your choice: the video will be "
    "{result}, not the {target} you chose. {remedy}",
    "image.square_unsupported": "Square video is not supported, and this image is square: the API will pick the "
    "ratio itself. To get {target}, {remedy}.",
    "image.ratio_not_exact": "The image is {ratio} rather than exactly {target_ratio}; the video may be "
    "cropped.{remedy}",
    "image.format_for_model": "{model} takes {formats} images only, not {format}. Convert it, or choose another model.",
    "image.too_small": "The image is {width}x{height}; {model} needs at least {min_side} pixels on each side. Use "
    "a larger image.",
    "image.too_big_side": "The image is {width}x{height}; {model} takes at most {max_side} pixels on a side. "
    "Resize it first.",
    "image.ratio_out_of_range": "The image is {ratio}, more elongated than {model} takes (at most {limit}:1 either "
    "way). Crop it closer to the video's shape.",
    "image.shape_from_image": "{model} gives the video this image's own shape ({ratio}, about {shape}): Aspect "
    "ratio is not used.",
    "image.remedy.crop_or_pad": "crop or pad it to that shape (use Fit below)",
    "image.remedy.other_picture": "use a picture of that shape",
    "image.remedy.fit_or_switch": "Fit it below, or switch to {shape}.",
    "image.remedy.switch_or_picture": "Switch to {shape}, or use a {orientation} picture.",
    "image.remedy.fit": " Fit it to avoid surprises.",
    "image.video_frame": "the video's {width}x{height}",
    "image.upscaled": "The image is only {width}x{height}; the video is {frame_width}x{frame_height}, so the "
    "picture will be enlarged about {factor}x and may look soft. Use a larger image if you have one.",
    "image.animated": "The image is animated ({frames} frames); only a still picture is meaningful: the first "
    "frame is used.",
    # A reference image URL not fetched (under its check-image code: bad_url, blocked_address, unreachable,
    # too_large).
    "fetch.empty": "The URL is empty. Paste the http(s) address of a JPEG, PNG or WebP image.",
    "fetch.too_long": "The URL is longer than {limit} characters. Use a shorter link.",
    "fetch.spaces": "The URL contains spaces or control characters. Paste it again as one line.",
    "fetch.malformed": "The URL is not well formed (check the host and the port).",
    "fetch.scheme": "Only http:// and https:// image links can be used.",
    "fetch.no_host": "The URL has no host name.",
    "fetch.credentials": "Links with a user name or password (user:pass@) are not accepted.",
    "fetch.bad_host": "The host name is not a valid internet name.",
    "fetch.port": "Only the standard ports (80 for http, 443 for https) can be used.",
    "fetch.private": "This address points inside a private network and is never fetched. Use a public image link.",
    "fetch.bad_link": "The link (or a redirect it leads to) is not a well-formed address. Use the image's direct link.",
    "fetch.not_reached": "The image could not be reached ({reason}). Check the link, or download the image and upload the file instead.",
    "fetch.http_status": "The image host answered HTTP {status}. Check that the link opens the image itself in a browser.",
    "fetch.declared_size": "The image is {mb:.1f} MB; the limit is {limit_mb:.0f} MB. Use a smaller or more compressed image.",
    "fetch.over_limit": "The image is over the {limit_mb:.0f} MB limit. Use a smaller or more compressed image.",
    "fetch.redirects": "The link redirects more than {limit} times. Use the image's direct link.",
    "fetch.bad_redirect": "The image host redirected to something that is not a well-formed address. Use the image's direct link.",
    "fetch.too_slow": "The image host is too slow (over {seconds:.0f} s). Try again, or upload the file instead.",
    "fetch.broke_off": "The download broke off ({reason}). Try again, or upload the file instead.",
    # A task id given by hand, not kept.
    "task_id.malformed": "{value} is not a task id: ids look like task_01KG1Q38PBV1RJ2C033ZS9RYF7 (letters, "
    "digits, - and _). Copy it again from your APIMart dashboard.",
    "task_id.not_found": "The API does not know the task {task_id}: check the id (and that it was made with this "
    "API key).",
    "task_id.unchecked": "The id could not be checked now, so it was not added: {message} {next_step}",
    # A request the catalogue refuses, field by field.
    "request.model": "Model {value} is unknown. Choose one of: {choices}.",
    "request.prompt": "Prompt is required: describe the scene, the action and the mood.",
    "request.duration": "Duration {value} is not allowed for {model}. Choose {choices} seconds.",
    "request.prompt_or_image": "Give a prompt or an image: describe the video, or start it from a picture.",
    "request.prompt_long": "The prompt has {length} characters; this model takes at most {limit}. Shorten it.",
    "request.aspect_ratio": "Aspect ratio {value} is not offered by {model}. Choose one of: {choices}.",
    "request.resolution_none": "{model} has no resolution choice; leave Resolution unset.",
    "request.resolution": "Resolution {value} is not offered by {model}. Choose one of: {choices}.",
    "request.image_url": "Image URL {value} must be a public http(s) address.",
    "request.image_role": "{model} does not take {role}; it takes {takes}.",
    "request.image_count": "{model} takes at most {limit} image(s) in this role; remove the others.",
    "request.image_counts": "{model} takes {choices} reference images; add or remove one.",
    "request.image_mixed": "{model} takes either frames or reference images, not both: remove one kind.",
    "request.image_required": "{model} needs {takes}: add one.",
    "request.last_needs_first": "A last frame needs a first frame: add the first frame, or remove the last.",
    "request.option_unknown": "{field} is not a field of {model}. Its extra fields: {choices}.",
    "request.option_bool": "{field} must be on or off (true or false), not {value}.",
    "request.option_choice": "{field} {value} is not offered. Choose one of: {choices}.",
    "request.option_int": "{field} must be a whole number, not {value}.",
    "request.option_range": "{field} {value} is out of range: use a whole number from {low} to {high}.",
    "request.option_text": "{field} must be text, not {value}.",
    "request.option_long": "{field} is too long: at most {limit} characters.",
    "request.option_url": "{field} {value} must be a public http(s) address.",
    "request.rule": "{why}",
    "request.unavailable": "{model} is not available for this API key now. {instead}",
    # The daily budget cap.
    "budget.over": "Blocked by the daily budget: ${committed:.2f} is already asked for today (unfinished and unknown "
    "tasks included) and this is ${asked:.2f} more, ${total:.2f} in all, over the ${cap:.2f} cap. Raise the cap "
    "deliberately, or wait until tomorrow.",
    "budget.not_a_number": "The daily budget {value!r} is not a number of dollars: nothing can be submitted until "
    "it is corrected (VIDEOGEN_DAILY_BUDGET_USD, or the cap on the Spending page).",
    # The interface's own words (components and pages), by screen.
    "ui.nav.generate": "Generate",
    "ui.nav.history": "History",
    "ui.nav.batch": "Batch",
    "ui.nav.spending": "Spending",
    "ui.sidebar.sandbox": "**Sandbox mode**: no API key is set, so requests go to the built-in simulator. No real video is made and nothing is charged.",
    "ui.sidebar.markers": "Sandbox prompt markers",
    "ui.sidebar.live": "**Live**: {base_url}  \nAPI key: set (hidden)",
    "ui.sidebar.today": "Today: ${estimated:.2f} estimated, ${billed:.2f} billed{simulated}",
    "ui.sidebar.simulated": " (simulated: nothing is charged)",
    "ui.sidebar.cap": "Daily cap: ${cap:.2f} (${left:.2f} left)",
    "ui.balance.unavailable": "Balance unavailable now: {why}",
    "ui.balance.unlimited": "Balance: unlimited quota",
    "ui.balance.amount": "Balance: ${amount:,.2f}{simulated}",
    "ui.balance.short": "This request is estimated at ${estimate:.2f}, more than the ${left:.2f} left on the account: the API will likely refuse it (balance too low). Top up your APIMart account first.",
    "ui.simulated": " (simulated)",
    "ui.generate.title": "Generate a video",
    "ui.generate.sandbox": "Sandbox: no real video is made and nothing is charged. Tasks finish in about 15 seconds with a sample clip. Set APIMART_API_KEY to make real videos.",
    "ui.history.title": "History",
    "ui.batch.title": "Batch",
    "ui.batch.sandbox": "Sandbox: batches run against the simulator; nothing is charged.",
    "ui.batch.intro": "Upload a CSV with one request per row. Every row is checked and priced first; the queue then sends them in order under a requests-per-minute limit, stops at the daily budget cap, and carries on after a restart.",
    "ui.batch.queued": "Batch queued: it is being sent now (batch {number}).",
    "ui.batch.list": "Batches",
    "ui.spending.title": "Spending",
    "ui.spending.sandbox": "Sandbox: these figures are simulated. They are what the requests would cost on the live API; nothing is charged.",
    "ui.spending.budget": "Daily budget",
    "ui.spending.ledger": "Ledger",
    "ui.spending.period": "Period",
    "ui.period.today": "Today",
    "ui.period.week": "Last 7 days",
    "ui.period.month": "Last 30 days",
    "ui.period.all": "All time",
    "ui.cap.none_in_force": "No daily cap is in force: ${committed:.2f} asked for today{simulated}.",
    "ui.cap.in_force": "Cap in force: ${cap:.2f} a day ({source}). Asked for today{simulated}: ${committed:.2f}, unfinished and unknown tasks included; ${left:.2f} left.",
    "ui.cap.source.page": "set on this page",
    "ui.cap.source.config": "from VIDEOGEN_DAILY_BUDGET_USD",
    "ui.cap.source.none": "no cap",
    "ui.cap.field": "Daily budget cap (USD)",
    "ui.cap.field_help": "A submit, a set of variations or a batch row that would take today's estimates over this is blocked. It applies to every session of this studio.",
    "ui.cap.save": "Save cap",
    "ui.cap.lift": "No cap",
    "ui.cap.lift_help": "Lift the cap deliberately: nothing is blocked.",
    "ui.cap.configured": "Use the configured cap",
    "ui.cap.configured_help": "Forget the cap set here; VIDEOGEN_DAILY_BUDGET_USD applies.",
    "ui.ledger.estimated": "Estimated{simulated}",
    "ui.ledger.estimated_help": "Estimates of every task not refunded.",
    "ui.ledger.billed": "Billed{simulated}",
    "ui.ledger.billed_help": "What the API reported charging (its `cost`).",
    "ui.ledger.refunded": "Refunded{simulated}",
    "ui.ledger.refunded_help": "Estimates of tasks that ended without a video.",
    "ui.ledger.tasks": "Tasks",
    "ui.ledger.unbilled": "{count} task(s) have no billed figure from the API yet: their estimate stands for them.",
    "ui.ledger.empty": "No task in this period yet.",
    "ui.ledger.per_day": "Per day",
    "ui.ledger.per_model": "Per model",
    "ui.ledger.every_task": "Every task",
    "ui.ledger.download": "Download the ledger (CSV)",
    "ui.col.day": "Day",
    "ui.col.model": "Model",
    "ui.col.estimated": "Estimated",
    "ui.col.billed": "Billed",
    "ui.col.created": "Created",
    "ui.col.task_id": "Task id",
    "ui.col.status": "Status",
    "ui.col.estimate": "Estimate",
    "ui.col.refunded": "Refunded",
    "ui.col.billed_help": "Empty until the API reports it.",
    "ui.dollars": "US dollars",
    "ui.budget.no_cap": "No daily budget cap: ${committed:.2f} asked for today{simulated}. Set a daily cap on the Spending page.",
    "ui.budget.standing": "Daily budget: ${cap:.2f}. Asked for today{simulated}: ${committed:.2f} (unfinished and unknown tasks included); ${left:.2f} left.",
    "ui.budget.raise": "Raise the daily cap to ${target:.2f}",
    "ui.budget.blocked": "Over the daily budget cap: raise it, or wait until tomorrow.",
    "ui.budget.bad_setting": "The daily budget setting is not a number: correct it first.",
    "ui.cost.metric": "Estimated cost",
    "ui.cost.help": "An estimate from the provider's price list: the amount billed is shown on each task. A task that fails is refunded.",
    "ui.cost.each": "{count} videos x ${each:.2f} each. ",
    "ui.cost.line": "{each}Estimate: {rule}{taken}. Today so far: ${estimated:.2f} estimated, ${billed:.2f} billed.{note}",
    "ui.cost.taken": " (prices of {date})",
    "ui.cost.simulated": " Simulated: the sandbox charges nothing.",
    "ui.count.label": "Number of videos",
    "ui.count.help": "Several takes of the same request, made side by side. Each one is a separate task, billed on its own.",
    "ui.form.reset": "{field} was reset to {value}: {reason}.",
    "ui.form.one_resolution": "{model} has one resolution",
    "ui.form.not_offered": "{model} does not offer {value}",
    "ui.form.duration": "Duration",
    "ui.form.aspect_ratio": "Aspect ratio",
    "ui.form.resolution": "Resolution",
    "ui.form.prompt": "Prompt",
    "ui.form.prompt_placeholder": "Describe the scene, the action, the camera and the mood.",
    "ui.form.prompt_required": ":orange[A prompt is required:] describe what the video should show.",
    "ui.form.prompt_optional": "A prompt is optional with an image: describe the motion you want.",
    "ui.form.characters": "{length} characters",
    "ui.form.prompt_over": " - {model} takes at most {limit}.",
    "ui.form.prompt_long": " - long prompts are often followed less closely; consider trimming.",
    "ui.form.prompt_not_in_link": " Too long to keep in the page's link.",
    "ui.form.lengths_off": "Some lengths are off: {why}",
    "ui.form.no_shape": "{model} takes no shape: {shape}, or the first frame's.",
    "ui.form.shape_from_image": "Not used: the video takes the image's own shape.",
    "ui.form.shapes_off": "Some shapes are off: {why}",
    "ui.form.size_from_images": "size from the images",
    "ui.form.one_resolution_is": "{model} has one resolution ({size}).",
    "ui.form.resolutions_off": "Some resolutions are off: {why}",
    "ui.model.label": "Model",
    "ui.model.unavailable_mark": " - not available for this key",
    "ui.model.moved": "{model} is not available for this API key now; {instead} is chosen instead.",
    "ui.model.per_call": "per call",
    "ui.model.per_second": "per second",
    "ui.model.caption": "`{id}` · {family} · {price} ({per}, estimate) - {blurb}",
    "ui.model.unavailable": "{model} is not available for this API key now, so it cannot be submitted.",
    "ui.model.choose_instead": " Choose {model} instead.",
    "ui.model.choose_another": " Choose another model.",
    "ui.model.drift": ":orange[The provider now describes {model} differently ({count})]",
    "ui.model.drift_help": "Its live schema differs from this app's description; a request may be refused until the catalogue is mended (`python -m videogen models --check`).",
    "ui.model.retiring": ":orange[{model} is being retired upstream; a relay may no longer serve it.]",
    "ui.model.all": "All models, their prices and what each is good at",
    "ui.model.col.family": "Family",
    "ui.model.col.price": "Price (estimate)",
    "ui.model.col.good_at": "Good at",
    "ui.model.col.available": "Available",
    "ui.yes": "yes",
    "ui.no": "no",
    "ui.model.prices_of": "Prices are estimates from the provider's price list of {dates}.",
    "ui.model.undescribed": "Also listed by the API for this key, not described here yet: {models} (a model is added as a data change: see the README).",
    "ui.options.random": "random",
    "ui.options.more": "More settings for {model}",
    "ui.image.checking": "Checking the image...",
    "ui.image.loading": "Loading the preview...",
    "ui.image.decoding": "Checking the picture data...",
    "ui.image.own_shape": "The video takes this image's own shape.",
    "ui.image.frame_taken": "The red frame is the video's shape as it is: {shape}, taken from the image.",
    "ui.image.frame": "The red frame is the video's shape: {shape}, {width}x{height}.",
    "ui.image.switch": "Switch to {shape}",
    "ui.image.numbered": "Image {number}: {text}",
    "ui.image.reference": "Reference image",
    "ui.image.reference.url": "Reference image URL",
    "ui.image.reference.file": "Reference image file",
    "ui.image.first_frame": "First frame",
    "ui.image.first_frame.url": "First frame URL",
    "ui.image.first_frame.file": "First frame file",
    "ui.image.last_frame": "Last frame",
    "ui.image.last_frame.url": "Last frame URL",
    "ui.image.last_frame.file": "Last frame file",
    "ui.image.placeholder": "https://... a public JPEG, PNG or WebP",
    "ui.image.placeholder_many": " (up to {most}, one per line)",
    "ui.image.file_help": "{formats}, at most {mb:.0f} MB. It is uploaded to APIMart when you submit.",
    "ui.image.file_wins": "The uploaded file is used; the URL above is ignored.",
    "ui.image.only_first": "Only the first image is used as the reference; the other {ignored} line(s) are ignored.",
    "ui.image.at_most": "{model} takes at most {most} here; the last {ignored} line(s) are ignored.",
    "ui.image.required": ":orange[{model} needs an image here.]",
    "ui.image.optional_override": "Optional. With an image, the API takes the video's aspect ratio from the image itself.",
    "ui.image.optional_first": "Optional. With a first frame, the video takes the frame's shape.",
    "ui.image.optional_last": "Optional. The video ends on this picture; it needs a first frame.",
    "ui.image.optional": "Optional.",
    "ui.fit.toggle": "Fit the image to the video's frame ({width}x{height})",
    "ui.fit.by": "Fit by",
    "ui.fit.crop": "Cropping",
    "ui.fit.pad": "Padding",
    "ui.fit.keep": "Keep",
    "ui.fit.anchor.center": "Center",
    "ui.fit.anchor.top": "Top",
    "ui.fit.anchor.bottom": "Bottom",
    "ui.fit.anchor.left": "Left",
    "ui.fit.anchor.right": "Right",
    "ui.fit.background": "Background",
    "ui.fit.background.blur": "Blurred picture",
    "ui.fit.background.black": "Black",
    "ui.fit.background.white": "White",
    "ui.fit.fitting": "Fitting...",
    "ui.fit.failed": "This image could not be fitted: open it in an editor, crop it to the frame and export it again, or send it as it is.",
    "ui.fit.exactly": "Exactly the {width}x{height} image that will be sent",
    "ui.fit.download": "Download the fitted image",
    "ui.fit.holds": "The fitted image is exactly the video's frame ({width}x{height}): the {shape} you chose will hold.",
    "ui.col.progress": "Progress",
    "ui.col.link_expires": "Link expires",
    "ui.col.saved": "Saved",
    "ui.tasks.none": "No tasks yet.",
    "ui.retry.found": "The retry found the task the first request had made: `{task_id}`. Nothing more is charged.",
    "ui.retry.made": "The first request had made no task; the retry made it: `{task_id}`.",
    "ui.retry.still_unknown": "The retry got no answer either: the outcome is still unknown. Check History, or retry again later.",
    "ui.retry.refused": "The retry was refused: {reason}",
    "ui.compare.title": "Compare",
    "ui.compare.first": "First render",
    "ui.compare.again": "Rendered again",
    "ui.video.sample": "Sandbox sample clip ({seconds} s, whatever was asked): not a generated video.",
    "ui.video.download": "Download video",
    "ui.video.saving": "Saving the video to this computer...",
    "ui.video.no_reason": "no reason given",
    "ui.video.ended": "The task {status}: {reason}",
    "ui.video.unknown": "The outcome of this request is unknown.",
    "ui.video.check_failed": "Last check failed, retrying: {reason}",
    "ui.preview.title": "Request preview (JSON and curl)",
    "ui.preview.incomplete": "Complete the form to see the request.",
    "ui.preview.uploads": "Image files are uploaded first (POST /v1/uploads/images).",
    "ui.redo.banner": "Rendering task `{task_id}` ({model}) again with the same prompt and images: the two are shown side by side when the new one is done.",
    "ui.redo.drop": "Not a re-render",
    "ui.image.none": "{model} takes no image: text only.",
    "ui.submit.unavailable": "{model} is not available for this API key now: choose another model.",
    "ui.submit.refused_image": "Fix or remove the refused image to submit.",
    "ui.generate.session_tasks": "Tasks in this session",
    "ui.generate.latest": "Latest video: {task_id}",
    "ui.submit.sending_bold": "**Sending…**",
    "ui.submit.sending": "Sending…",
    "ui.submit.nothing_sent": "Nothing was sent. {reason}",
    "ui.submit.upload_failed": "An image could not be uploaded, so nothing was sent: {reason}",
    "ui.submit.app_failed": "The app failed while sending: the task may exist. Check History before submitting again.",
    "ui.submit.as_task": " as task `{task_id}`",
    "ui.submit.already": "This exact request was already submitted{task}; it was not sent again. To make another video with the same settings, use **New task with the same settings**.",
    "ui.submit.toast": "Submitted: {task_id}",
    "ui.submit.waiting_api": "Waiting for the API to answer.",
    "ui.submit.locked": "**Sending…** {note} Submit is locked until it answers.",
    "ui.submit.as_task_status": "as `{task_id}` ({status})",
    "ui.submit.outcome_is": "(its outcome is {status})",
    "ui.submit.repeat": "You submitted this exact request {ago} ago {what}. Submit another? It would be a second paid task (about ${cost:.2f}).",
    "ui.submit.another": "Submit another",
    "ui.submit.cancel": "Cancel",
    "ui.submit.button": "Submit",
    "ui.submit.refused": "The API refused the request.",
    "ui.submit.again": "New task with the same settings",
    "ui.submit.unknown": "The outcome is unknown.",
    "ui.submit.choices": "- **Retry safely**: sends the same request with the same key. If the first one made a task, the API hands that task back and nothing more is charged; if it made none, this makes it ({cost}).\n- **Check History**: find the task in your APIMart dashboard and link its id there. Free.\n- **Make a new task anyway**: a new request under a new key. If the first one did make a task, you pay twice ({cost} more).",
    "ui.submit.retry": "Retry safely with the same Idempotency-Key",
    "ui.submit.check_history": "Check History",
    "ui.submit.new_anyway": "Make a new task anyway",
    "ui.last.done": "Done: {task}. The video is below and in History.",
    "ui.last.no_reason": "the API gave no reason",
    "ui.last.ended": "Task {task} {status}: {reason}. It is refunded: nothing is charged. Change what the reason names, then submit again.",
    "ui.last.submitted": "Submitted. Task id:",
    "ui.last.progress": "{status} {progress}% · {took} so far",
    "ui.last.longer": " · taking longer than usual (the API expected about {expected}). It is still followed here and in History; waiting costs nothing more.",
    "ui.last.followed": "It is followed below and in History, also if you close this tab.",
    "ui.last.set": "Submitted {count} videos ({done} finished). Task ids:",
    "ui.last.video": "Video {number}: {status}",
    "ui.detail.render_again": "Render again with…",
    "ui.detail.render_again_help": "The same prompt and images on another model: a cheap draft first, the premium model for the keeper. The two are shown side by side when the new one is done.",
    "ui.detail.redo_model": "Model for the new render",
    "ui.detail.open_in_generate": "Open in Generate",
    "ui.link.linked": "Linked: this request is task `{task_id}`, followed from now on.",
    "ui.link.merged": "History already followed `{task_id}` as a task added by id: it is now this request, counted once.",
    "ui.link.taken": "`{task_id}` already belongs to another request in History: check the id.",
    "ui.link.settled": "This request's outcome is already known; nothing was changed.",
    "ui.history.already": "`{task_id}` is already in History; it is shown below.",
    "ui.history.following": "Following {task_id}",
    "ui.detail.retrying": "Retrying with the same Idempotency-Key...",
    "ui.detail.unknown": "The outcome of this request is unknown: the API may have created (and billed) a task.",
    "ui.detail.real_id": "Real task id (from your APIMart dashboard)",
    "ui.detail.link": "Link this task id",
    "ui.detail.dismiss": "Dismiss: no task was made",
    "ui.detail.no_task_id": "(no task id)",
    "ui.detail.heading": "**Task** `{task_id}` · {status}",
    "ui.detail.created": "created {time}",
    "ui.detail.expires": "link expires {time}",
    "ui.detail.estimate": "Estimate ${amount:.2f}",
    "ui.detail.billed": " · billed ${amount:.2f}",
    "ui.detail.credits": " ({credits:g} credits)",
    "ui.detail.simulated": " · simulated",
    "ui.detail.use": "Use these settings",
    "ui.detail.remove_record": "Remove the local record",
    "ui.detail.remove_help": "Only this app's record is removed; the task at APIMart and any saved video file stay.",
    "ui.detail.remove": "Remove",
    "ui.history.today_estimated": "Today, estimated{simulated}",
    "ui.history.today_billed": "Today, billed{simulated}",
    "ui.history.all_estimated": "All time, estimated{simulated}",
    "ui.history.all_billed": "All time, billed{simulated}",
    "ui.history.sandbox": "Sandbox: these figures are simulated, and nothing is charged.",
    "ui.history.all_statuses": "All statuses",
    "ui.history.all_models": "All models",
    "ui.history.search": "Search prompts",
    "ui.history.search_placeholder": "words in the prompt",
    "ui.history.page": "Page (of {pages}; {total} tasks)",
    "ui.history.task": "Task",
    "ui.history.show_task": "Show task",
    "ui.history.removed": "This record was removed.",
    "ui.history.add": "Add a task by id",
    "ui.history.add_help": "A task created elsewhere (another app, curl). For the real id of a request whose outcome was unknown, open that request above and link the id there, so it is counted once.",
    "ui.history.add_button": "Add and follow it",
    "ui.batch.default_model": "(default)",
    "ui.batch.col.line": "Line",
    "ui.batch.col.problems": "Problems",
    "ui.batch.ready": "ready",
    "ui.batch.template": "Download the template CSV",
    "ui.batch.file": "Batch file (CSV)",
    "ui.batch.file_help": "One request per row: `prompt`, `model`, `duration`, `aspect_ratio`, `resolution`, `image_url`, `first_frame_url`, `last_frame_url` and any model's own field. A blank cell takes the `model`'s default.",
    "ui.batch.summary": "**{ready} row(s) ready**, {refused} with problems (left out until fixed). Total estimate{simulated}: **${total:.2f}**.",
    "ui.batch.over_cap": "The whole batch (${total:.2f}) would take today past the daily cap (${cap:.2f}, ${left:.2f} left): it will stop there, and resume when the cap is raised.",
    "ui.batch.rate": "Requests per minute",
    "ui.batch.rate_help": "The queue never sends more than this in any minute, and waits longer when the API asks it to.",
    "ui.batch.start": "Start batch",
    "ui.batch.fix": "Fix the problems the file names, then upload it again.",
    "ui.batch.row_refused": "refused: {reason}",
    "ui.batch.no_longer_valid": "no longer valid",
    "ui.batch.waiting": "waiting",
    "ui.batch.none": "No batch yet.",
    "ui.batch.state.running": "running",
    "ui.batch.state.paused": "paused",
    "ui.batch.state.stopped": "stopped",
    "ui.batch.state.done": "all sent",
    "ui.batch.heading": "**{name}** · {state} · {rate} per minute",
    "ui.batch.progress": "{sent} of {rows} sent · {finished} finished · estimate ${estimate:.2f}",
    "ui.batch.raise_then_resume": "Raise the daily cap, then Resume",
    "ui.batch.pause": "Pause",
    "ui.batch.resume": "Resume",
    "ui.batch.rows": "Rows ({rows})",
    "ui.export.csv": "Export CSV",
    "ui.export.json": "Export JSON",
    "ui.export.task_id": "task_id",
    "ui.export.state": "state",
    "ui.export.status": "status",
    "ui.export.progress": "progress",
    "ui.export.model": "model",
    "ui.export.prompt": "prompt",
    "ui.export.duration": "duration",
    "ui.export.aspect_ratio": "aspect_ratio",
    "ui.export.resolution": "resolution",
    "ui.export.image_url": "image_url",
    "ui.export.created_at": "created_at",
    "ui.export.submitted_at": "submitted_at",
    "ui.export.completed_at": "completed_at",
    "ui.export.error": "error",
    "ui.export.video_urls": "video_urls",
    "ui.export.expires_at": "expires_at",
    "ui.export.video_path": "video_path",
    "ui.export.estimated_cost": "estimated_cost",
    "ui.export.billed_cost": "billed_cost",
    "ui.export.billed_credits": "billed_credits",
    "ui.export.source": "source",
    "ui.export.day": "day",
    "ui.export.estimate_usd": "estimate_usd",
    "ui.export.billed_usd": "billed_usd",
    "ui.export.refunded": "refunded",
    "ui.export.simulated": "simulated",
    "batch.too_big": "The file is over {mb} MB: split it into smaller batches.",
    "batch.not_text": "This is not a text CSV file. Save it as CSV (UTF-8) and upload it again.",
    "batch.malformed": "The file is not well-formed CSV ({error}).",
    "batch.no_header": "The first line must name the columns, with at least `prompt`. Download the template to start.",
    "batch.unknown_columns": "Unknown column(s) {columns}: use {known} or a model's own field (see the template).",
    "batch.column_twice": "A column name appears twice: keep one of each.",
    "batch.too_many_rows": "The file has more than {limit} rows: split it into smaller batches.",
    "batch.line_malformed": "Line {line} is not well-formed CSV ({error}).",
    "batch.too_many_cells": "This row has {cells} cells; the header names {named}.",
    "batch.duration": "Duration {value} is not a whole number of seconds.",
    "ui.app.title": "Video studio",
    "words.range": "{low} to {high}",
    "ui.form.range": "{low} to {high} s",
    # How a price is reached (`Model.price`).
    "price.per_second": "{duration} s x {rate}/s at {where}",
    "price.call": "per call: ${amount:.2f} at {where}",
    "price.call_for": "per call: ${amount:.2f} for {duration} s at {where}",
    "price.with_sound": "{tier}, with sound",
    # Joins a list parameter (roles a model takes: "a first frame or a last frame").
    "join.or": " or ",
    # Words kept as they were written before codes (rows from an older store), or words from the API.
    "text": "{text}",
}
LANGUAGES = ("en", "zh")


TABLES = {"en": ENGLISH, "zh": CHINESE}
# The catalogue's own words (labels, help, rule reasons, model blurbs, shapes) and the domain's word
# parameters (an orientation, a role), by their English: English needs no entry.
TERMS: dict[str, dict[str, str]] = {"en": {}, "zh": CHINESE_TERMS}


def term(text: str, language: str | None = None) -> str:
    """A catalogue word or phrase in `language` (as it is where that language has no entry)."""
    return TERMS.get(language or _default, {}).get(text, text)


def language_of(text: str | None) -> str:
    """`zh`, `zh-CN`, `zh_CN.UTF-8`, `en-US`... -> a language this app speaks (English otherwise)."""
    code = (text or "").strip().lower().replace("_", "-")
    return "zh" if code.startswith("zh") else "en"


_default = "en"  # the process's language when none is given (the command line's --lang or LANG)


def default_language() -> str:
    """The process's language (the command line's --lang or LANG; English in the app, where each reader has
    their own)."""
    return _default


def use_language(language: str | None) -> str:
    """Make `language` the default of this process (the command line); returns the one in force."""
    global _default
    _default = language_of(language)
    return _default


def render(code: str, params: dict[str, Any] | None = None, language: str | None = None) -> str:
    """The sentence for a code, in `language` (the process's default when None; English where that language
    has no entry)."""
    language = language or _default
    table = TABLES.get(language, ENGLISH)
    template = table.get(code) or ENGLISH.get(code)
    values = {name: _param(value, language) for name, value in (params or {}).items()}
    if template is None:  # a code this version does not know (a newer store): say what is known
        return str(values.get("message") or values.get("text") or code)
    if "{next_step}" in template:
        kind = values.get("kind", "api_error")
        values["next_step"] = table.get(f"next_step.{kind}") or ENGLISH.get(f"next_step.{kind}", "")
    if "expires" in values and isinstance(values["expires"], (int, float)):
        values["expires"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(values["expires"]))
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def _param(value: Any, language: str) -> Any:
    """A parameter in the reader's language: a nested note (`{"code": ..., "params": ...}`) is rendered, a
    list is joined with the language's "or", a catalogue word is translated; anything else is as it is."""
    if isinstance(value, dict) and isinstance(value.get("code"), str):
        params = value.get("params")
        return render(value["code"], params if isinstance(params, dict) else {}, language)
    if isinstance(value, list):
        joiner = TABLES.get(language, ENGLISH).get("join.or", ENGLISH["join.or"])
        return joiner.join(str(_param(item, language)) for item in value)
    if isinstance(value, str):
        return term(value, language)
    return value


def nested(code: str, **params: Any) -> dict[str, Any]:
    """A note as a parameter of another (rendered in the same language when the outer one is)."""
    return {"code": code, "params": params}


@dataclass(frozen=True)
class Note:
    """A code and its parameters: what the domain says, before it is put in words."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str | None = None) -> str:
        return render(self.code, self.params, language)

    def stored(self) -> str:
        """As the store keeps it: JSON, never a sentence."""
        return json.dumps({"code": self.code, "params": self.params}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def read(cls, stored: str | None) -> Note | None:
        """A note from the store; a plain sentence (an older row) becomes a `text` note, word for word."""
        if not stored:
            return None
        try:
            value = json.loads(stored)
        except ValueError:
            value = None
        if isinstance(value, dict) and isinstance(value.get("code"), str):
            params = value.get("params")
            return cls(value["code"], params if isinstance(params, dict) else {})
        return cls("text", {"text": stored})


def words(stored: str | None, language: str | None = None) -> str | None:
    """The sentence for a stored note, or None."""
    note = Note.read(stored)
    return note.text(language) if note else None


class NotedError(Exception):
    """An error that carries a note: the code and parameters travel, the words are made when asked."""

    def __init__(self, note: Note):
        self.note = note
        super().__init__(note.text())

    @property
    def message(self) -> str:
        return self.note.text()
