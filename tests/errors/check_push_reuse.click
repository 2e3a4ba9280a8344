// A push output feeds exactly one input: duplicate packets with Tee.
src :: FromDevice(eth0);
src -> Counter -> Discard;
src -> Discard;
