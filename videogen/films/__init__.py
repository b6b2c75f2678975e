"""Films: a storyboard of shots (storyboard.py), kept in the films table (store.py), run shot by shot with
one key each and joined into one MP4 (runner.py). Above the tasks, below the studio."""
