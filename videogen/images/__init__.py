"""The images wing: reference images from a file or a URL. Safe fetch, inspection and verdict, decoding,
fitting to a frame, and the `ReferenceImage` service that the page and the command line share."""
