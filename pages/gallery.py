"""Gallery: every saved video as a card, to pick the keeper and carry it on."""

import streamlit as st

from ui.gallery import gallery
from ui.shell import resources, shell
from ui.shell.language import t

shell.required("pages/gallery.py")  # through app.py first (its gate, its sidebar)

st.title(t("ui.gallery.title"))
st.caption(t("ui.gallery.lead"))
gallery.show(resources.studio(), key="gallery")
