"""The interface's pieces, by page (generate/, gallery/, storyboard/, batch/) above the shared ones (money/,
tasks/) above the frame every page stands in (shell/): each module exposes show(..., key=...) and owns its
session_state keys; `locale/` holds the interface's words."""
