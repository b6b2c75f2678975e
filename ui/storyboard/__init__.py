"""Storyboard's pieces: the shot editor and the storyboard file."""
