"""Statistical calculations behind the SOP's accuracy assessment (pure Python, no Django)."""
