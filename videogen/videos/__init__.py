"""The video wing: what the studio reads out of a saved video (its frames, its facts) to carry a clip on."""
