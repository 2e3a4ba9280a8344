// CheckIPHeader is "a/ah": output 0 follows the input (pull here), but
// output 1, for bad packets, is always push.
FromDevice(eth0) -> Queue -> chk :: CheckIPHeader;
chk[0] -> ToDevice(eth1);
chk[1] -> ToDevice(eth2);
