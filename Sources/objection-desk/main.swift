print("objection-desk")
