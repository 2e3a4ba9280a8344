require(library no_such_library.click);
Idle -> Discard;
elementclass E { require(library x.click); input -> output }
