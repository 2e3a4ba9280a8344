`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_fg_uart_csr: request frames driven bit by bit into fg_uart_csr's rxd
// (at a bit time HOST_BIT_PERMILLE/1000 of the bridge's, asynchronous to
// its clock), a register-file slave with random wait states and random
// csr_err behind it, and every response decoded from txd and checked.
//
//   - every response: start byte 5A, the request's tag and op, the code
//     the request must get, the data, a CRC that checks, every txd edge on
//     a bit boundary of the bridge's clock, stop bits high, the bytes of a
//     response back to back
//   - every bus access: exactly the one the request asks for (op, address,
//     data), in order, held unchanged until csr_ready, withdrawn after
//     exactly BUS_TIMEOUT_CYCLES cycles when the slave never answers; no
//     access for bad frames, address errors, retries and info frames;
//     read data equal to a model of the register file
//   - code 1 for unaligned addresses and addresses at or above 2^ADDR_WIDTH
//     (no bus access), for csr_err; code 2 for the slave that never answers
//   - code 3 for frames with a flipped bit, a reserved ctrl bit, op 3 or a
//     byte with a framing error; no answer at all for truncated frames
//     (after the frame timeout the next frame works); a pause inside a
//     frame shorter than the timeout does not break it
//   - a frame repeated with the same tag and op is answered again without
//     a bus access (the answer of the first); an info frame forgets it
//   - back to back: write frames with no idle time between them, and
//     requests sent while the previous answer is still on its way
//   - garbage (random bytes, start bytes among them, framing errors, a
//     break), then an idle line: the bridge answers the next frame
// The last line is PASS or FAIL.
module tb_fg_uart_csr;

// random seed
parameter SEED = 1;
// the bridge's clock cycles per bit
parameter CLKS_PER_BIT = 8;
// register-bus address width
parameter ADDR_WIDTH = 10;
// the bridge's frame timeout in bit times
parameter FRAME_TIMEOUT_BITS = 40;
// the bridge's bus timeout in cycles
parameter BUS_TIMEOUT_CYCLES = 100;
// the host's bit time, in thousandths of the bridge's
parameter HOST_BIT_PERMILLE = 1000;
// random requests in the main phase
parameter NRANDOM = 400;
// cycle limit
parameter TIMEOUT = 4000000;
// mismatches after which the test stops
parameter STOP_AFTER = 20;

`include "tb_common.vh"

localparam CLK_NS = 10;
localparam RF_WORDS = 64;
localparam RF_BYTES = 4 * RF_WORDS;            // 0x000..0x0ff: register file
localparam ERR_BASE = RF_BYTES;                // 0x100..0x1ff: csr_err
localparam HANG_BASE = 2 * RF_BYTES;           // 0x200..: never answers
localparam WAIT_MAX = 12;

localparam K_BUS = 0, K_ADDR_ERR = 1, K_BAD = 2, K_REPLAY = 3, K_INFO = 4;

real bit_ns;
initial bit_ns = CLKS_PER_BIT * CLK_NS * HOST_BIT_PERMILLE / 1000.0;

reg         rxd = 1'b1;
wire        txd;
wire        csr_valid, csr_write;
wire [ADDR_WIDTH-1:0] csr_addr;
wire [31:0] csr_wdata;
wire        csr_ready;
wire [31:0] csr_rdata;
wire        csr_err;

fg_uart_csr #(
    .CLKS_PER_BIT(CLKS_PER_BIT),
    .ADDR_WIDTH(ADDR_WIDTH),
    .FRAME_TIMEOUT_BITS(FRAME_TIMEOUT_BITS),
    .BUS_TIMEOUT_CYCLES(BUS_TIMEOUT_CYCLES)
) dut (
    .clk(clk), .rst(rst),
    .uart_rxd(rxd), .uart_txd(txd),
    .csr_valid(csr_valid), .csr_write(csr_write), .csr_addr(csr_addr),
    .csr_wdata(csr_wdata), .csr_ready(csr_ready), .csr_rdata(csr_rdata),
    .csr_err(csr_err)
);

integer errors = 0;
wire [31:0] tb_errors = errors;

task error;
    input [8*100-1:0] what;
    input [31:0] got, want;
    begin
        errors = errors + 1;
        if (errors <= 10) $display("t=%0t: %0s: got %h want %h", $time, what, got, want);
        if (errors == STOP_AFTER) begin
            fail("too many mismatches (the first ones above)");
            finish;
        end
    end
endtask

function [7:0] crc8;
    input [7:0] crc;
    input [7:0] data;
    integer i;
    reg [7:0] c;
    begin
        c = crc ^ data;
        for (i = 0; i < 8; i = i + 1) c = c[7] ? {c[6:0], 1'b0} ^ 8'h07 : {c[6:0], 1'b0};
        crc8 = c;
    end
endfunction

// ---- The slave: a register file with random waits and errors -----------

reg  [31:0] mem [0:RF_WORDS-1];
reg  [31:0] s_wait = 0;          // cycles still to wait before ready
reg         s_err_pick = 1'b0;   // answer csr_err (register file)
reg  [31:0] s_junk = 32'd0;      // rdata when csr_err
integer     slave_seed = SEED + 101;

wire s_hang = csr_addr >= HANG_BASE;
wire s_in_rf = csr_addr < RF_BYTES;
assign csr_ready = csr_valid && !s_hang && s_wait == 0;
assign csr_err = csr_ready && (!s_in_rf || s_err_pick);
assign csr_rdata = csr_err ? s_junk : mem[csr_addr[7:2]];

// the bus log: every access as the slave saw it
reg  [31:0] log_addr [0:4095];
reg  [31:0] log_wdata [0:4095];
reg  [31:0] log_rdata [0:4095];
reg         log_write [0:4095];
reg  [1:0]  log_code [0:4095];
integer     bus_n = 0;

reg                  prev_valid = 1'b0;
reg                  prev_ready = 1'b0;
reg                  prev_write = 1'b0;
reg [ADDR_WIDTH-1:0] prev_addr = 0;
reg [31:0]           prev_wdata = 0;
integer              valid_cycles = 0;
integer              n_slow = 0;       // answered in the last cycle before the timeout

// the next request's wait, error and junk (nonblocking: the bridge
// samples csr_ready at the same edge)
task slave_draw;
    integer r;
    begin
        r = $unsigned($random(slave_seed)) % 32;
        if (r < 8) s_wait <= 0;
        else if (r == 8) s_wait <= BUS_TIMEOUT_CYCLES - 1;
        else s_wait <= $unsigned($random(slave_seed)) % (WAIT_MAX + 1);
        s_err_pick <= $unsigned($random(slave_seed)) % 8 == 0;
        s_junk <= $random(slave_seed);
    end
endtask

task log_access;
    input        write;
    input [31:0] addr, wdata, rdata;
    input [1:0]  code;
    begin
        log_write[bus_n] = write;
        log_addr[bus_n] = addr;
        log_wdata[bus_n] = wdata;
        log_rdata[bus_n] = rdata;
        log_code[bus_n] = code;
        bus_n = bus_n + 1;
    end
endtask

always @(posedge clk) begin
    if (!rst) begin
        if (csr_valid) begin
            valid_cycles = valid_cycles + 1;
            if (prev_valid && !prev_ready &&
                    (csr_write !== prev_write || csr_addr !== prev_addr ||
                     (csr_write && csr_wdata !== prev_wdata)))
                error("request changed before csr_ready", {csr_write, 31'd0}, {prev_write, 31'd0});
            if (valid_cycles > BUS_TIMEOUT_CYCLES)
                error("csr_valid high past the bus timeout", valid_cycles, BUS_TIMEOUT_CYCLES);
            if (csr_ready) begin
                if (valid_cycles == BUS_TIMEOUT_CYCLES) n_slow = n_slow + 1;
                log_access(csr_write, csr_addr, csr_wdata, csr_rdata, csr_err ? 2'd1 : 2'd0);
                if (csr_write && !csr_err) mem[csr_addr[7:2]] <= csr_wdata;
                slave_draw;
                valid_cycles = 0;
            end else if (s_wait != 0) begin
                s_wait <= s_wait - 1;
            end
        end else if (prev_valid && !prev_ready) begin
            // withdrawn: only a slave that never answers, only at the timeout
            if (!(prev_addr >= HANG_BASE))
                error("request withdrawn from a slave that answers", prev_addr, 0);
            if (valid_cycles != BUS_TIMEOUT_CYCLES)
                error("cycles before the bus timeout", valid_cycles, BUS_TIMEOUT_CYCLES);
            log_access(prev_write, prev_addr, prev_wdata, 32'd0, 2'd2);
            valid_cycles = 0;
        end
    end
    prev_valid <= csr_valid;
    prev_ready <= csr_ready;
    prev_write <= csr_write;
    prev_addr <= csr_addr;
    prev_wdata <= csr_wdata;
end

// ---- The response receiver: txd decoded at the bridge's bit times -------

reg  [7:0]  rsp_byte [0:65535];
reg  [31:0] rsp_start [0:65535];   // cycle of each byte's start edge
integer     rsp_n = 0;
reg         rx_busy = 1'b0;
integer     rx_t = 0;
reg  [7:0]  rx_shift = 8'd0;
reg         prev_txd = 1'b1;
reg  [31:0] rx_start_cycle = 0;

// an answer that does not come: stop at once rather than at TIMEOUT
integer last_rsp_cycle = 0;
integer last_rsp_n = 0;
always @(posedge clk) begin
    if (rsp_n != last_rsp_n || exp_w == exp_r || discard) begin
        last_rsp_n = rsp_n;
        last_rsp_cycle = cycle;
    end else if (cycle - last_rsp_cycle > 40 * 10 * CLKS_PER_BIT + 2 * BUS_TIMEOUT_CYCLES) begin
        $sformat(first_fail, "no answer for request %0d (%0d answered, kind %0d)", exp_r, exp_r, exp_kind[exp_r]);
        fail(first_fail);
        finish;
    end
end

always @(posedge clk) begin
    if (!rst) begin
        if (!rx_busy) begin
            if (prev_txd && !txd) begin
                rx_busy = 1'b1;
                rx_t = 0;
                rx_start_cycle = cycle;
            end
        end else begin
            rx_t = rx_t + 1;
            if (txd !== prev_txd && rx_t % CLKS_PER_BIT != 0)
                error("txd edge off a bit boundary", rx_t, 0);
            if (rx_t == CLKS_PER_BIT / 2 && txd !== 1'b0)
                error("start bit not low at its middle", txd, 0);
            if (rx_t > CLKS_PER_BIT && rx_t < 9 * CLKS_PER_BIT && rx_t % CLKS_PER_BIT == CLKS_PER_BIT / 2)
                rx_shift = {txd, rx_shift[7:1]};
            if (rx_t == 9 * CLKS_PER_BIT + CLKS_PER_BIT / 2) begin
                if (txd !== 1'b1) error("stop bit not high", txd, 1);
                rsp_byte[rsp_n] = rx_shift;
                rsp_start[rsp_n] = rx_start_cycle;
                rsp_n = rsp_n + 1;
                rx_busy = 1'b0;
            end
        end
    end
    prev_txd <= txd;
end

// ---- Expected responses and their checker --------------------------------

reg  [2:0]  exp_kind [0:4095];
reg  [3:0]  exp_tag [0:4095];
reg  [1:0]  exp_op [0:4095];
reg  [31:0] exp_addr [0:4095];
reg  [31:0] exp_data [0:4095];
integer     exp_w = 0, exp_r = 0;
integer     rsp_r = 0;
integer     bus_r = 0;             // bus log entries matched so far
reg         discard = 1'b0;        // garbage phase: drop what arrives
reg  [31:0] shadow [0:RF_WORDS-1]; // the register file as the answers say
reg         shadow_known [0:RF_WORDS-1];
reg  [1:0]  ck_last_code = 0;      // the answer of the last executed read or write
reg  [31:0] ck_last_data = 0;
integer     n_code [0:3];
integer     n_kind [0:4];
integer     n_data_checked = 0;

task expect_rsp;
    input integer kind;
    input [3:0]  tag;
    input [1:0]  op;
    input [31:0] addr, data;
    begin
        exp_kind[exp_w] = kind;
        exp_tag[exp_w] = tag;
        exp_op[exp_w] = op;
        exp_addr[exp_w] = addr;
        exp_data[exp_w] = data;
        exp_w = exp_w + 1;
    end
endtask

task next_byte;
    output [7:0] b;
    output [31:0] at;
    begin
        wait (rsp_n > rsp_r);
        b = rsp_byte[rsp_r];
        at = rsp_start[rsp_r];
        rsp_r = rsp_r + 1;
    end
endtask

reg  [7:0]  cb, cstatus, ccrc;
reg  [31:0] cat, cprev_at, cdata, want_data;
reg  [1:0]  want_code;
reg         want_has_data;
integer     ci, ck;

initial begin : checker
    forever begin
        next_byte(cb, cat);
        if (!discard) begin
            if (cb !== 8'h5A) error("response start byte", cb, 8'h5A);
            if (exp_r >= exp_w) error("a response nobody asked for", exp_r, exp_w);
            ck = exp_kind[exp_r];
            ccrc = crc8(8'h00, cb);
            cprev_at = cat;
            next_byte(cstatus, cat);
            if (cat - cprev_at != 10 * CLKS_PER_BIT) error("gap inside a response", cat - cprev_at, 10 * CLKS_PER_BIT);
            cprev_at = cat;
            ccrc = crc8(ccrc, cstatus);
            want_data = 32'd0;
            case (ck)
                K_BUS: begin
                    wait (bus_n > bus_r);
                    if (log_write[bus_r] !== (exp_op[exp_r] == 2'd1) ||
                            log_addr[bus_r] !== exp_addr[exp_r] ||
                            (exp_op[exp_r] == 2'd1 && log_wdata[bus_r] !== exp_data[exp_r]))
                        error("bus access differs from the request (address)", log_addr[bus_r], exp_addr[exp_r]);
                    want_code = log_code[bus_r];
                    want_data = log_rdata[bus_r];
                    bus_r = bus_r + 1;
                end
                K_ADDR_ERR: want_code = 2'd1;
                K_BAD: want_code = 2'd3;
                K_REPLAY: begin
                    want_code = ck_last_code;
                    want_data = ck_last_data;
                end
                default: begin
                    want_code = 2'd0;
                    want_data = {FRAME_TIMEOUT_BITS[15:0], ADDR_WIDTH[7:0], 8'd1};
                end
            endcase
            if (cstatus !== {exp_tag[exp_r], exp_op[exp_r], want_code})
                error("status byte (tag, op, code)", cstatus, {exp_tag[exp_r], exp_op[exp_r], want_code});
            want_has_data = want_code == 2'd0 && (exp_op[exp_r] == 2'd0 || exp_op[exp_r] == 2'd2);
            cdata = 32'd0;
            if (want_has_data) begin
                for (ci = 0; ci < 4; ci = ci + 1) begin
                    next_byte(cb, cat);
                    if (cat - cprev_at != 10 * CLKS_PER_BIT) error("gap inside a response", cat - cprev_at, 10 * CLKS_PER_BIT);
                    cprev_at = cat;
                    ccrc = crc8(ccrc, cb);
                    cdata = {cb, cdata[31:8]};
                end
                if (cdata !== want_data) error("response data", cdata, want_data);
                n_data_checked = n_data_checked + 1;
            end
            next_byte(cb, cat);
            if (cat - cprev_at != 10 * CLKS_PER_BIT) error("gap inside a response", cat - cprev_at, 10 * CLKS_PER_BIT);
            if (crc8(ccrc, cb) !== 8'h00) error("response CRC", cb, ccrc);
            // the register file as the answers tell it
            if (ck == K_BUS && exp_addr[exp_r] < RF_BYTES) begin
                if (exp_op[exp_r] == 2'd1 && want_code == 2'd0) begin
                    shadow[exp_addr[exp_r][7:2]] = exp_data[exp_r];
                    shadow_known[exp_addr[exp_r][7:2]] = 1'b1;
                end
                if (exp_op[exp_r] == 2'd0 && want_code == 2'd0 && shadow_known[exp_addr[exp_r][7:2]] &&
                        cdata !== shadow[exp_addr[exp_r][7:2]])
                    error("read data against the register file", cdata, shadow[exp_addr[exp_r][7:2]]);
            end
            if (ck == K_BUS || ck == K_ADDR_ERR) begin
                ck_last_code = want_code;
                ck_last_data = want_data;
            end
            n_code[want_code] = n_code[want_code] + 1;
            n_kind[ck] = n_kind[ck] + 1;
            exp_r = exp_r + 1;
        end
    end
end

// ---- The host: frames bit by bit -----------------------------------------

integer     host_seed = SEED;
reg  [7:0]  fb [0:15];             // the frame being sent
integer     flen = 0;
reg  [3:0]  tag = 4'd0;
// the bridge's retry memory as the host predicts it
reg         m_last_valid = 1'b0;
reg  [3:0]  m_last_tag = 4'd0;
reg  [1:0]  m_last_op = 2'd0;
// the last executed read or write frame, for retries
reg  [7:0]  last_fb [0:15];
integer     last_flen = 0;
reg  [31:0] last_addr = 0, last_data = 0;
integer     n_truncated = 0, n_paused = 0, n_pipelined = 0, n_burst = 0;

task send_byte;
    input [7:0] b;
    input       bad_stop;
    integer i;
    begin
        rxd = 1'b0;
        #(bit_ns);
        for (i = 0; i < 8; i = i + 1) begin
            rxd = b[i];
            #(bit_ns);
        end
        if (bad_stop) begin
            rxd = 1'b0;
            #(bit_ns);
        end
        rxd = 1'b1;
        #(bit_ns);
    end
endtask

task idle_bits;
    input integer n;
    begin
        rxd = 1'b1;
        #(n * bit_ns);
    end
endtask

task build;
    input [1:0]  op;
    input [3:0]  t;
    input [31:0] addr, data;
    integer i;
    reg [7:0] c;
    begin
        fb[0] = 8'hA5;
        fb[1] = {t, 2'b00, op};
        flen = 2;
        if (op == 2'd0 || op == 2'd1) begin
            for (i = 0; i < 4; i = i + 1) fb[2 + i] = addr[8*i +: 8];
            flen = 6;
        end
        if (op == 2'd1) begin
            for (i = 0; i < 4; i = i + 1) fb[6 + i] = data[8*i +: 8];
            flen = 10;
        end
        c = 8'h00;
        for (i = 0; i < flen; i = i + 1) c = crc8(c, fb[i]);
        fb[flen] = c;
        flen = flen + 1;
    end
endtask

task recrc;
    integer i;
    reg [7:0] c;
    begin
        c = 8'h00;
        for (i = 0; i < flen - 1; i = i + 1) c = crc8(c, fb[i]);
        fb[flen - 1] = c;
    end
endtask

// sends fb; bad_stop_at: index of a byte with a framing error (-1 none);
// pause_at: index of a byte preceded by pause_bits of idle line (-1 none)
task send_frame;
    input integer bad_stop_at;
    input integer pause_at;
    input integer pause_bits;
    input integer nbytes;
    integer i;
    begin
        for (i = 0; i < nbytes; i = i + 1) begin
            if (i == pause_at) idle_bits(pause_bits);
            send_byte(fb[i], i == bad_stop_at);
        end
    end
endtask

function addr_bad;
    input [31:0] addr;
    begin
        addr_bad = addr[1:0] != 2'b00 || (addr >> ADDR_WIDTH) != 32'd0;
    end
endfunction

// waits until at most n answers are outstanding
task outstanding;
    input integer n;
    begin
        wait (exp_w - exp_r <= n);
    end
endtask

// the frame in fb is an executed read or write: the bridge's memory
task remember;
    input [1:0]  op;
    input [31:0] addr, data;
    integer i;
    begin
        m_last_valid = 1'b1;
        m_last_tag = tag;
        m_last_op = op;
        for (i = 0; i < flen; i = i + 1) last_fb[i] = fb[i];
        last_flen = flen;
        last_addr = addr;
        last_data = data;
    end
endtask

// the answer a fresh read or write with this tag must get
function integer kind_of;
    input [1:0]  op;
    input [31:0] addr;
    begin
        if (m_last_valid && m_last_tag == tag && m_last_op == op) kind_of = K_REPLAY;
        else if (addr_bad(addr)) kind_of = K_ADDR_ERR;
        else kind_of = K_BUS;
    end
endfunction

// a new read or write: sent, its answer expected as the bridge must give
// it; pipelined 0 waits for every answer first, 1 for all but one, 2 not
task request;
    input [1:0]  op;
    input [31:0] addr, data;
    input integer pipelined;
    integer kind;
    begin
        if (pipelined == 0) outstanding(0);
        if (pipelined == 1) outstanding(1);
        tag = tag + 1'b1;
        build(op, tag, addr, data);
        kind = kind_of(op, addr);
        expect_rsp(kind, tag, op, addr, data);
        if (kind != K_REPLAY) remember(op, addr, data);
        send_frame(-1, -1, 0, flen);
        if (pipelined == 1) n_pipelined = n_pipelined + 1;
    end
endtask

task info;
    begin
        outstanding(0);
        tag = tag + 1'b1;
        build(2'd2, tag, 0, 0);
        expect_rsp(K_INFO, tag, 2'd2, 0, 0);
        m_last_valid = 1'b0;
        send_frame(-1, -1, 0, flen);
    end
endtask

// the last executed read or write frame again: answered from memory
task retry;
    integer i;
    begin
        outstanding(0);
        if (!m_last_valid) request(2'd0, 0, 0, 0);
        for (i = 0; i < last_flen; i = i + 1) fb[i] = last_fb[i];
        flen = last_flen;
        expect_rsp(K_REPLAY, last_fb[1][7:4], last_fb[1][1:0], last_addr, last_data);
        send_frame(-1, -1, 0, flen);
    end
endtask

function [31:0] random_addr;
    input integer dummy;
    integer r;
    begin
        r = $unsigned($random(host_seed)) % 100;
        if (r < 70) random_addr = ($unsigned($random(host_seed)) % RF_WORDS) * 4;
        else if (r < 78) random_addr = ERR_BASE + ($unsigned($random(host_seed)) % RF_WORDS) * 4;
        else if (r < 83) random_addr = HANG_BASE + ($unsigned($random(host_seed)) % RF_WORDS) * 4;
        else if (r < 90) random_addr = ($unsigned($random(host_seed)) % RF_BYTES) | 1;
        else if (r < 95) random_addr = (32'd1 << ADDR_WIDTH) | (($unsigned($random(host_seed)) % RF_WORDS) * 4);
        else random_addr = $random(host_seed) | 32'h8000_0000;
    end
endfunction

// a corrupted version of a fresh read or write: answered with code 3
task bad_frame;
    input integer how;
    input integer pipelined;
    reg [1:0] op;
    integer j;
    begin
        if (pipelined) outstanding(1); else outstanding(0);
        op = $unsigned($random(host_seed)) % 2;
        tag = tag + 1'b1;
        build(op, tag, random_addr(0), $random(host_seed));
        case (how)
            0: begin
                // one bit flipped after the ctrl byte
                j = 2 + $unsigned($random(host_seed)) % (flen - 2);
                fb[j] = fb[j] ^ (8'd1 << ($unsigned($random(host_seed)) % 8));
                expect_rsp(K_BAD, tag, op, 0, 0);
                send_frame(-1, -1, 0, flen);
            end
            1: begin
                // a reserved ctrl bit, CRC correct
                fb[1] = fb[1] | (8'd4 << ($unsigned($random(host_seed)) % 2));
                recrc;
                expect_rsp(K_BAD, tag, op, 0, 0);
                send_frame(-1, -1, 0, flen);
            end
            2: begin
                // op 3 (three bytes, CRC correct)
                build(2'd3, tag, 0, 0);
                expect_rsp(K_BAD, tag, 2'd3, 0, 0);
                send_frame(-1, -1, 0, flen);
            end
            default: begin
                // a framing error on one byte after the start byte
                j = 1 + $unsigned($random(host_seed)) % (flen - 1);
                expect_rsp(K_BAD, tag, op, 0, 0);
                send_frame(j, -1, 0, flen);
            end
        endcase
    end
endtask

// a read or write cut short: no answer, and the next frame works
task truncated;
    integer k;
    begin
        tag = tag + 1'b1;
        build($unsigned($random(host_seed)) % 2, tag, random_addr(0), $random(host_seed));
        k = 1 + $unsigned($random(host_seed)) % (flen - 1);
        send_frame(-1, -1, 0, k);
        idle_bits(FRAME_TIMEOUT_BITS + 4);
        n_truncated = n_truncated + 1;
    end
endtask

reg  [31:0] a, d;
integer     i, r, n, spurious;
reg  [7:0]  g;

initial begin
    for (i = 0; i < RF_WORDS; i = i + 1) begin
        mem[i] = $random(slave_seed);
        shadow_known[i] = 1'b0;
    end
    for (i = 0; i < 4; i = i + 1) n_code[i] = 0;
    for (i = 0; i < 5; i = i + 1) n_kind[i] = 0;
    slave_draw;

    // the CRC is CRC-8 with polynomial 0x07 (its check value)
    d = 8'h00;
    for (i = 0; i < 9; i = i + 1) d = crc8(d[7:0], 8'h31 + i[7:0]);
    if (d[7:0] !== 8'hF4) error("CRC-8 check value of \"123456789\"", d, 8'hF4);

    reset;
    idle_bits(3);

    // one of each case first (a broken bridge fails early), then every
    // register written and read back
    info;
    request(2'd1, 16, 32'h1111_2222, 0);
    retry;
    request(2'd0, 16, 0, 0);
    retry;
    request(2'd0, ERR_BASE + 8, 0, 0);
    request(2'd1, HANG_BASE, 32'h1234, 0);
    request(2'd0, HANG_BASE + 4, 0, 0);
    request(2'd0, 6, 0, 0);
    request(2'd1, 32'd1 << ADDR_WIDTH, 32'h55, 0);
    request(2'd0, 32'hFFFF_FFFC, 0, 0);
    for (i = 0; i < 4; i = i + 1) bad_frame(i, 0);
    outstanding(0);
    truncated;
    request(2'd0, 16, 0, 0);
    // a host that starts again: after an info frame the tag and op of the
    // last write come again, and it is a new write
    request(2'd1, 12, 32'h0BAD_CAFE, 0);
    info;
    tag = tag - 4'd2;
    request(2'd1, 12, 32'h600D_CAFE, 0);
    request(2'd0, 12, 0, 0);
    for (i = 0; i < RF_WORDS; i = i + 1) request(2'd1, 4 * i, $random(host_seed), 1);
    for (i = 0; i < RF_WORDS; i = i + 1) request(2'd0, 4 * i, 0, 1);

    // random traffic with retries, bad frames, truncated frames, pauses
    for (n = 0; n < NRANDOM; n = n + 1) begin
        r = $unsigned($random(host_seed)) % 100;
        if (r < 55) begin
            request($unsigned($random(host_seed)) % 2, random_addr(0), $random(host_seed),
                    $unsigned($random(host_seed)) % 2);
        end else if (r < 63) begin
            retry;
        end else if (r < 78) begin
            bad_frame($unsigned($random(host_seed)) % 4, $unsigned($random(host_seed)) % 2);
        end else if (r < 85) begin
            outstanding(0);
            truncated;
        end else if (r < 90) begin
            // a pause inside a frame, shorter than the timeout
            outstanding(0);
            tag = tag + 1'b1;
            a = random_addr(0);
            d = $random(host_seed);
            build(2'd1, tag, a, d);
            r = kind_of(2'd1, a);
            expect_rsp(r, tag, 2'd1, a, d);
            if (r != K_REPLAY) remember(2'd1, a, d);
            send_frame(-1, 1 + $unsigned($random(host_seed)) % (flen - 1),
                       FRAME_TIMEOUT_BITS * 3 / 4 - 10, flen);
            n_paused = n_paused + 1;
        end else if (r < 93) begin
            info;
        end else begin
            idle_bits($unsigned($random(host_seed)) % 30);
        end
    end

    // back to back: write frames with no idle time between them, the
    // answers arriving while the next frames go out
    outstanding(0);
    for (n = 0; n < 40; n = n + 1) begin
        request(2'd1, ($unsigned($random(host_seed)) % RF_WORDS) * 4, $random(host_seed), 2);
        n_burst = n_burst + 1;
    end
    // reads, each sent while the answer before it is on its way
    for (n = 0; n < 40; n = n + 1) request(2'd0, ($unsigned($random(host_seed)) % RF_WORDS) * 4, 0, 1);
    outstanding(0);

    // garbage: random bytes (start bytes among them), framing errors,
    // flipped ctrl bits, a break; answers and bus accesses are not checked
    idle_bits(20);
    wait (!rx_busy && rsp_r == rsp_n);
    discard = 1'b1;
    spurious = bus_n;
    for (n = 0; n < 300; n = n + 1) begin
        r = $unsigned($random(host_seed)) % 100;
        g = r < 15 ? 8'hA5 : $random(host_seed);
        if (r >= 15 && r < 20) begin
            // a frame with its ctrl byte hit: any length, any answer
            tag = tag + 1'b1;
            build($unsigned($random(host_seed)) % 2, tag, random_addr(0), $random(host_seed));
            fb[1] = fb[1] ^ (8'd1 << ($unsigned($random(host_seed)) % 8));
            send_frame(-1, -1, 0, flen);
        end else if (r == 20) begin
            rxd = 1'b0;
            #(30 * bit_ns);
            rxd = 1'b1;
            #(bit_ns);
        end else begin
            send_byte(g, r > 95);
        end
    end
    idle_bits(FRAME_TIMEOUT_BITS + 200);
    wait (!rx_busy && rsp_r == rsp_n);
    // what the garbage did to the register file, as the slave saw it
    spurious = bus_n - spurious;
    for (i = bus_n - spurious; i < bus_n; i = i + 1) begin
        if (log_write[i] && log_code[i] == 2'd0 && log_addr[i] < RF_BYTES) begin
            shadow[log_addr[i][7:2]] = log_wdata[i];
            shadow_known[log_addr[i][7:2]] = 1'b1;
        end
    end
    bus_r = bus_n;
    discard = 1'b0;

    // the bridge works again: forget the last request, read everything
    info;
    for (i = 0; i < RF_WORDS; i = i + 1) request(2'd0, 4 * i, 0, 1);
    request(2'd1, 4, 32'hCAFE_F00D, 0);
    request(2'd0, 4, 0, 0);
    outstanding(0);
    idle_bits(20);

    if (bus_r != bus_n) error("bus accesses nobody asked for", bus_n - bus_r, 0);
    if (rsp_r != rsp_n) error("bytes after the last answer", rsp_n - rsp_r, 0);
    if (errors != 0) fail("mismatches (see above)");
    if (n_kind[K_REPLAY] < 2 + NRANDOM / 40 || n_kind[K_BAD] < 4 + NRANDOM / 15 ||
            n_kind[K_ADDR_ERR] < 3 + NRANDOM / 40 || n_truncated < 1 + NRANDOM / 40 ||
            n_code[1] < 10 || n_code[2] < 3 || n_paused < NRANDOM / 50 || n_slow < 2 || n_pipelined < 100)
        fail("too few cases of some kind (see the counts): test too weak");
    $display("tb_fg_uart_csr CLKS_PER_BIT=%0d host bit %0d/1000, %0d cycles: %0d answers (%0d bus, %0d retries, %0d bad, %0d address errors, %0d info), codes ok %0d csr_err %0d timeout %0d bad %0d, %0d truncated, %0d paused, %0d pipelined, %0d back to back, %0d slow, %0d spurious accesses from garbage",
             CLKS_PER_BIT, HOST_BIT_PERMILLE, cycle, exp_r, n_kind[K_BUS], n_kind[K_REPLAY], n_kind[K_BAD],
             n_kind[K_ADDR_ERR], n_kind[K_INFO], n_code[0], n_code[1], n_code[2], n_code[3],
             n_truncated, n_paused, n_pipelined, n_burst, n_slow, spurious);
    finish;
end

endmodule

`resetall
