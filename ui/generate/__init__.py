"""Generate's pieces: the form, the model picker and its fit table, the reference image, the prompt helper, recipes, how many videos and where else to send, the Submit button and what came of it."""
