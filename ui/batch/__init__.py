"""Batch's pieces: the CSV upload and the list of batches."""
