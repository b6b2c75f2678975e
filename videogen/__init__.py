"""The video-generation domain: catalogue, requests, API client, images, tasks. No Streamlit here."""
