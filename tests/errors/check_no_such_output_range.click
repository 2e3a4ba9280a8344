// CheckIPHeader has one or two outputs: output 2 does not exist.
chk :: CheckIPHeader;
FromDevice(eth0) -> chk -> Discard;
chk[1] -> Discard;
chk[2] -> Discard;
