"""网上练兵 (online quiz): question bank, timed attempts scored on the server, leaderboards."""
