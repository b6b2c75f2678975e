"""The provider wing: who makes the videos. The APIMart client, its errors, the sandbox simulator, and the
`VideoProvider` protocol the rest of the code is typed against."""
