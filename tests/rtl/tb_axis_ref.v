`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_axis_ref: the reference packet list shared by the stream testbenches.
//
// A testbench instantiates it once as `u_ref`; tb_axis_source and
// tb_axis_sink reach it by that name (Verilog's upward name resolution).
// The testbench appends packets with add_packets() before it starts the
// sources; a packet is its length, its tuser value and its bytes.
module tb_axis_ref #(
    // seed of the length and content generator
    parameter SEED = 1,
    // capacity of the list in packets
    parameter MAX_PKTS = 4096,
    // capacity of the list in bytes
    parameter MAX_BYTES = 1 << 20
) ();

reg [7:0]  data [0:MAX_BYTES-1];
integer    off  [0:MAX_PKTS-1];
integer    len  [0:MAX_PKTS-1];
reg [63:0] user [0:MAX_PKTS-1];

integer npkts;
integer nbytes;
integer seed;

initial begin
    npkts = 0;
    nbytes = 0;
    seed = SEED;
end

function integer clamp;
    input integer v, lo, hi;
    begin
        clamp = v < lo ? lo : (v > hi ? hi : v);
    end
endfunction

// Appends `count` packets with lengths in [lmin, lmax] bytes.  `beat` is
// the beat size in bytes of the narrowest port under test: a quarter of
// the lengths sit on a multiple of it (-1, 0, +1), a quarter are short
// (at most two beats), the rest are uniform.
task add_packets;
    input integer count;
    input integer lmin;
    input integer lmax;
    input integer beat;
    integer i, j, n, r;
    begin
        if (lmin < 1 || lmax < lmin || beat < 1) begin
            $display("FAIL: tb_axis_ref: bad length range %0d..%0d (beat %0d)", lmin, lmax, beat);
            $finish;
        end
        for (i = 0; i < count; i = i + 1) begin
            r = $unsigned($random(seed)) % 4;
            if (r == 0) begin
                n = lmin + $unsigned($random(seed)) % (2 * beat);
            end else if (r == 1) begin
                n = beat * (1 + $unsigned($random(seed)) % (lmax / beat + 1))
                    + ($unsigned($random(seed)) % 3) - 1;
            end else begin
                n = lmin + $unsigned($random(seed)) % (lmax - lmin + 1);
            end
            n = clamp(n, lmin, lmax);
            if (npkts >= MAX_PKTS || nbytes + n > MAX_BYTES) begin
                $display("FAIL: tb_axis_ref: packet list full");
                $finish;
            end
            off[npkts] = nbytes;
            len[npkts] = n;
            user[npkts] = {$random(seed), $random(seed)};
            for (j = 0; j < n; j = j + 1) begin
                data[nbytes + j] = $random(seed);
            end
            nbytes = nbytes + n;
            npkts = npkts + 1;
        end
    end
endtask

endmodule

`resetall
