require(fastclassifier, package "special code");
elementclass R { require(inner); input -> Null -> output }
Idle -> R -> R -> Discard;
