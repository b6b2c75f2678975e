"""The router: page config, navigation, the shared sidebar. No business logic here."""

from pathlib import Path

import streamlit as st

from ui.shell import people, shell, sidebar, uploader
from ui.shell.language import t

ICON = Path(__file__).resolve().parent / "static" / "icon.png"
# The tab's icon is a file shipped here: a material icon name makes the browser fetch it from a font host.
st.set_page_config(page_title=t("ui.app.title"), page_icon=str(ICON), layout="wide")

# A portrait video is as tall as the window allows, never taller (a 980x1742 player in a 900 px window was).
st.html(
    "<style>video { max-height: 82vh; max-width: 100%; width: auto !important; display: block; margin: 0 auto; }</style>"
)
uploader.page_words()  # Streamlit's uploader button in the reader's language

shell.entered()  # the pages check it: a deep link never skips the gate below
people.gate()  # with sign-in configured, nothing else is shown until the person has signed in
page = st.navigation(
    [
        st.Page("pages/generate.py", title=t("ui.nav.generate"), icon=":material/movie_edit:", default=True),
        st.Page("pages/history.py", title=t("ui.nav.history"), icon=":material/history:"),
        st.Page("pages/gallery.py", title=t("ui.nav.gallery"), icon=":material/photo_library:"),
        st.Page("pages/storyboard.py", title=t("ui.nav.storyboard"), icon=":material/view_carousel:"),
        st.Page("pages/batch.py", title=t("ui.nav.batch"), icon=":material/dataset:"),
        st.Page("pages/spending.py", title=t("ui.nav.spending"), icon=":material/savings:"),
    ]
)
shell.come_back()  # a deep link that came through here goes on to its page
sidebar.show(key="sidebar")
page.run()
