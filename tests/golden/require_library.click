require(library require_library.lib);
Idle -> Twice -> Discard;
