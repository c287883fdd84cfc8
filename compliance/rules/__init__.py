"""Rule packs: the measures as validated data, and regimes compiled from them."""
