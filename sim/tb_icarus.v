`resetall
`timescale 1ps / 1ps
`default_nettype none

// tb_icarus: the fixed testbench through which `fpgagen sim --simulator
// icarus` runs a design's fg_sim_top.  It does, cycle for cycle, what the
// Verilator harness (sim/run_verilator.c) does, so both simulators give
// the same output:
//
//   reset       rst high for RESET_CYCLES cycles, every tx_tready high;
//   each cycle  set tx_tready from the back-pressure sequence, settle with
//               the clock low, sample every handshake (a beat moves where
//               valid and ready are both high), rising edge, then load the
//               next beat of every rx slot whose beat moved;
//   the end     after IDLE cycles in which no beat moved, or +cycles=N.
//
// Files (plusargs), all written or read by sim/run_icarus.c:
//   +rx<s>=FILE   slot s's beats, one a line: "tag last keep data" in hex
//                 (data: lane 0 in the low bits)
//   +bp=FILE      $readmemh file of BP_PERIOD tx_tready masks, entry
//                 c % BP_PERIOD for cycle c; absent: always ready
//   +out=FILE     the log: "r CYCLE SLOT" per rx beat accepted,
//                 "t CYCLE SLOT TAG LAST KEEP DATA" per tx beat, then
//                 "s SLOT RX_STALLS TX_STALLS" per slot and "e CYCLES WHY"
//                 (WHY 0: idle, 1: the cycle limit)
//   +idle=N +cycles=N +vcd=FILE
module tb_icarus #(
    // datapath width in bits (design.json width)
    parameter W = 64,
    // register address width (design.json csr.addr_width)
    parameter AW = 16,
    // half a clock period in ps
    parameter HALF_PS = 2000,
    // cycles of reset before cycle 0
    parameter RESET_CYCLES = 8,
    // length of the back-pressure sequence
    parameter BP_PERIOD = 65536
) ();

localparam B = W / 8;

reg              clk = 1'b0;
reg              rst = 1'b1;

reg  [8*W-1:0]   rx_tdata = {8*W{1'b0}};
reg  [8*B-1:0]   rx_tkeep = {8*B{1'b0}};
reg  [7:0]       rx_tlast = 8'd0;
reg  [7:0]       rx_tvalid = 8'd0;
wire [7:0]       rx_tready;
reg  [8*32-1:0]  rx_tag = {8*32{1'b0}};

wire [8*W-1:0]   tx_tdata;
wire [8*B-1:0]   tx_tkeep;
wire [7:0]       tx_tlast;
wire [7:0]       tx_tvalid;
reg  [7:0]       tx_tready = 8'hff;
wire [8*32-1:0]  tx_tag;

wire             csr_ready;
wire             csr_err;
wire [31:0]      csr_rdata;

fg_sim_top dut (
    .clk(clk),
    .rst(rst),
    .rx_tdata(rx_tdata),
    .rx_tkeep(rx_tkeep),
    .rx_tlast(rx_tlast),
    .rx_tvalid(rx_tvalid),
    .rx_tready(rx_tready),
    .rx_tag(rx_tag),
    .tx_tdata(tx_tdata),
    .tx_tkeep(tx_tkeep),
    .tx_tlast(tx_tlast),
    .tx_tvalid(tx_tvalid),
    .tx_tready(tx_tready),
    .tx_tag(tx_tag),
    .csr_valid(1'b0),
    .csr_write(1'b0),
    .csr_addr({AW{1'b0}}),
    .csr_wdata(32'd0),
    .csr_ready(csr_ready),
    .csr_err(csr_err),
    .csr_rdata(csr_rdata)
);

integer      fd_rx [0:7];
integer      fd_out;
reg  [7:0]   bp_mem [0:BP_PERIOD-1];
reg          use_bp;
reg  [8*1024-1:0] fname;
reg  [63:0]  cycle;
reg  [63:0]  quiet;
reg  [63:0]  idle;
reg  [63:0]  max_cycles;
reg  [63:0]  rx_stalls [0:7];
reg  [63:0]  tx_stalls [0:7];
reg  [7:0]   rx_fire;
reg  [7:0]   tx_fire;
reg  [7:0]   rx_stall;
reg  [7:0]   tx_stall;
reg  [7:0]   rdy;
reg  [7:0]   vld;
reg          done;
reg          why;
integer      s;
integer      r;

reg  [31:0]  t_tag;
reg          t_last;
reg  [B-1:0] t_keep;
reg  [W-1:0] t_data;

// Loads slot's next beat from its file, or drops its tvalid at the end.
task load_beat(input integer slot);
    begin
        r = 0;
        if (fd_rx[slot] != 0)
            r = $fscanf(fd_rx[slot], "%h %h %h %h\n", t_tag, t_last, t_keep,
                        t_data);
        if (r == 4) begin
            rx_tdata[slot*W +: W] = t_data;
            rx_tkeep[slot*B +: B] = t_keep;
            rx_tlast[slot] = t_last;
            rx_tag[slot*32 +: 32] = t_tag;
            rx_tvalid[slot] = 1'b1;
        end else begin
            rx_tvalid[slot] = 1'b0;
        end
    end
endtask

initial begin
    for (s = 0; s < 8; s = s + 1) begin
        fd_rx[s] = 0;
        rx_stalls[s] = 0;
        tx_stalls[s] = 0;
    end
    if ($value$plusargs("rx0=%s", fname)) fd_rx[0] = $fopen(fname, "r");
    if ($value$plusargs("rx1=%s", fname)) fd_rx[1] = $fopen(fname, "r");
    if ($value$plusargs("rx2=%s", fname)) fd_rx[2] = $fopen(fname, "r");
    if ($value$plusargs("rx3=%s", fname)) fd_rx[3] = $fopen(fname, "r");
    if ($value$plusargs("rx4=%s", fname)) fd_rx[4] = $fopen(fname, "r");
    if ($value$plusargs("rx5=%s", fname)) fd_rx[5] = $fopen(fname, "r");
    if ($value$plusargs("rx6=%s", fname)) fd_rx[6] = $fopen(fname, "r");
    if ($value$plusargs("rx7=%s", fname)) fd_rx[7] = $fopen(fname, "r");
    use_bp = 1'b0;
    if ($value$plusargs("bp=%s", fname)) begin
        $readmemh(fname, bp_mem);
        use_bp = 1'b1;
    end
    fd_out = 0;
    if ($value$plusargs("out=%s", fname)) fd_out = $fopen(fname, "w");
    if (fd_out == 0) begin
        $display("tb_icarus: no +out=FILE, or it cannot be written");
        $finish(0);
    end
    if (!$value$plusargs("idle=%d", idle)) idle = 1000;
    if (!$value$plusargs("cycles=%d", max_cycles)) max_cycles = 0;
    if ($value$plusargs("vcd=%s", fname)) begin
        $dumpfile(fname);
        $dumpvars(0, tb_icarus);
    end

    // reset
    rst = 1'b1;
    tx_tready = 8'hff;
    repeat (RESET_CYCLES) begin
        #HALF_PS clk = 1'b1;
        #HALF_PS clk = 1'b0;
    end
    rst = 1'b0;
    for (s = 0; s < 8; s = s + 1)
        load_beat(s);

    cycle = 0;
    quiet = 0;
    done = 1'b0;
    why = 1'b0;
    while (!done) begin
        tx_tready = use_bp ? bp_mem[cycle % BP_PERIOD] : 8'hff;
        #(HALF_PS - 1);
        // sample every handshake (an X counts as low)
        rdy = rx_tready;
        vld = tx_tvalid;
        if (^{rdy, vld} === 1'bx) begin
            for (s = 0; s < 8; s = s + 1) begin
                rdy[s] = rx_tready[s] === 1'b1;
                vld[s] = tx_tvalid[s] === 1'b1;
            end
        end
        rx_fire = rx_tvalid & rdy;
        tx_fire = vld & tx_tready;
        rx_stall = rx_tvalid & ~rdy;
        tx_stall = vld & ~tx_tready;
        if ((rx_fire | rx_stall | tx_fire | tx_stall) != 8'd0) begin
            for (s = 0; s < 8; s = s + 1) begin
                if (rx_fire[s])
                    $fwrite(fd_out, "r %0d %0d\n", cycle, s);
                if (rx_stall[s])
                    rx_stalls[s] = rx_stalls[s] + 1;
                if (tx_stall[s])
                    tx_stalls[s] = tx_stalls[s] + 1;
            end
            for (s = 0; s < 8; s = s + 1)
                if (tx_fire[s])
                    $fwrite(fd_out, "t %0d %0d %h %h %h %h\n", cycle, s,
                            tx_tag[s*32 +: 32], tx_tlast[s],
                            tx_tkeep[s*B +: B], tx_tdata[s*W +: W]);
        end
        #1 clk = 1'b1;
        #HALF_PS clk = 1'b0;
        cycle = cycle + 1;
        if (rx_fire != 8'd0)
            for (s = 0; s < 8; s = s + 1)
                if (rx_fire[s])
                    load_beat(s);
        if (rx_fire != 8'd0 || tx_fire != 8'd0)
            quiet = 0;
        else
            quiet = quiet + 1;
        if (max_cycles != 0 && cycle >= max_cycles) begin
            done = 1'b1;
            why = 1'b1;
        end else if (quiet == idle) begin
            done = 1'b1;
        end
    end
    for (s = 0; s < 8; s = s + 1)
        $fwrite(fd_out, "s %0d %0d %0d\n", s, rx_stalls[s], tx_stalls[s]);
    $fwrite(fd_out, "e %0d %0d\n", cycle, why);
    $fclose(fd_out);
    $finish(0);
end

endmodule

`resetall
