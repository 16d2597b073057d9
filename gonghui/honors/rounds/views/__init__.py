from gonghui.honors.rounds.views import catalogue, documents, nominations, rounds

__all__ = ["catalogue", "documents", "nominations", "rounds"]
