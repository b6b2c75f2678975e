"""The router: page config, navigation, the shared sidebar. No business logic here."""

import streamlit as st

from components import people, sidebar
from components.language import t

st.set_page_config(page_title=t("ui.app.title"), page_icon=":material/movie:", layout="wide")

people.gate()  # with sign-in configured, nothing else is shown until the person has signed in
page = st.navigation(
    [
        st.Page("pages/generate.py", title=t("ui.nav.generate"), icon=":material/movie_edit:", default=True),
        st.Page("pages/history.py", title=t("ui.nav.history"), icon=":material/history:"),
        st.Page("pages/batch.py", title=t("ui.nav.batch"), icon=":material/dataset:"),
        st.Page("pages/spending.py", title=t("ui.nav.spending"), icon=":material/savings:"),
    ]
)
sidebar.show(key="sidebar")
page.run()
