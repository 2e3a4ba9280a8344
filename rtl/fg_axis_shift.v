`resetall
`timescale 1ns / 1ps
`default_nettype none

// fg_axis_shift: removes the first SHIFT_BYTES bytes of every packet.
//
// The generator inserts it where paths with different head offsets merge
// and at a ToDevice whose head offset is not zero (ARCHITECTURE.md, "Head
// offsets").  Output byte j of a packet is input byte SHIFT_BYTES + j;
// tuser passes unchanged.  A packet of SHIFT_BYTES bytes or fewer vanishes
// entirely: nothing of it is emitted and `drop` pulses for one cycle (count
// it with fg_csr_counter64).  SHIFT_BYTES = 0 is a plain register stage.
//
// With Q = SHIFT_BYTES / (DATA_WIDTH/8) and R = SHIFT_BYTES % (DATA_WIDTH/8),
// input beats 0 .. Q-1 of a packet are consumed without output.
//   R = 0: beats Q, Q+1, ... pass unchanged.
//   R > 0: beat Q is kept in a hold register (its lanes R and up); each
//          later beat i leaves as one output beat made of the held lanes
//          of beat i-1 followed by lanes 0 .. R-1 of beat i.  When the
//          last beat has more than R bytes (tkeep[R] set), its bytes from
//          lane R on need an output beat of their own: the "tail", which
//          is emitted from the hold register in the following cycle.  The
//          tail never costs an input cycle: the next input beat is index
//          0 of the next packet, which is either consumed without output
//          (index < Q) or only loaded into the hold register (index Q, as
//          the tail leaves); that holds for every width and shift, Q = 0
//          included.  So the input takes one beat per cycle whenever the
//          output is not back-pressured, with back-to-back packets.
//
// Lanes of the last output beat past tkeep carry junk (possibly bytes of
// the next packet).  Outputs are registered (fg_axis_skid); s_axis_tready
// is a function of registers only.  Latency: one cycle from the input beat
// that completes an output beat, two for a tail.
module fg_axis_shift #(
    // stream width in bits: 8, 16, 32, ... 512
    parameter DATA_WIDTH = 64,
    // tuser width in bits (>= 1; tie to 1'b0 when the stream carries none)
    parameter USER_WIDTH = 1,
    // bytes removed from the front of every packet (>= 0, any size)
    parameter SHIFT_BYTES = 14
) (
    input  wire                    clk,
    input  wire                    rst,

    // sink
    input  wire [DATA_WIDTH-1:0]   s_axis_tdata,
    input  wire [DATA_WIDTH/8-1:0] s_axis_tkeep,
    input  wire                    s_axis_tlast,
    input  wire [USER_WIDTH-1:0]   s_axis_tuser,
    input  wire                    s_axis_tvalid,
    output wire                    s_axis_tready,

    // source
    output wire [DATA_WIDTH-1:0]   m_axis_tdata,
    output wire [DATA_WIDTH/8-1:0] m_axis_tkeep,
    output wire                    m_axis_tlast,
    output wire [USER_WIDTH-1:0]   m_axis_tuser,
    output wire                    m_axis_tvalid,
    input  wire                    m_axis_tready,

    // status: one-cycle pulse per packet that vanished
    output wire                    drop
);

localparam KEEP_WIDTH = DATA_WIDTH / 8;
// whole beats and remaining lanes of the shift
localparam SHIFT_BEATS = SHIFT_BYTES / KEEP_WIDTH;
localparam SHIFT_LANES = SHIFT_BYTES % KEEP_WIDTH;
// lanes of an input beat kept in the hold register (R > 0 only)
localparam HOLD_LANES = KEEP_WIDTH - SHIFT_LANES;
// the beat index of a packet saturates at CNT_MAX: the first beat that
// produces output
localparam CNT_MAX = SHIFT_LANES != 0 ? SHIFT_BEATS + 1 : SHIFT_BEATS;
localparam CNT_WIDTH = CNT_MAX > 1 ? $clog2(CNT_MAX + 1) : 1;
localparam [CNT_WIDTH-1:0] CNT_SKIP = SHIFT_BEATS[CNT_WIDTH-1:0];
localparam [CNT_WIDTH-1:0] CNT_OUT = CNT_MAX[CNT_WIDTH-1:0];

generate
    if (DATA_WIDTH < 8 || DATA_WIDTH > 512 || (DATA_WIDTH & (DATA_WIDTH - 1)) != 0) begin : g_check_width
        fg_param_error_data_width_must_be_a_power_of_two_from_8_to_512 u_error ();
    end
    if (USER_WIDTH < 1) begin : g_check_user
        fg_param_error_user_width_must_be_at_least_1 u_error ();
    end
    if (SHIFT_BYTES < 0) begin : g_check_shift
        fg_param_error_shift_bytes_must_not_be_negative u_error ();
    end
endgenerate

// the stream into the output register
reg  [DATA_WIDTH-1:0] int_tdata;
reg  [KEEP_WIDTH-1:0] int_tkeep;
reg                   int_tlast;
reg  [USER_WIDTH-1:0] int_tuser;
reg                   int_tvalid;
wire                  int_tready;

reg s_ready;
reg drop_reg, drop_next;

assign s_axis_tready = s_ready;
assign drop = drop_reg;

generate
    if (SHIFT_BYTES == 0) begin : g_none
        // a register stage
        always @* begin
            s_ready = int_tready;
            int_tvalid = s_axis_tvalid;
            int_tdata = s_axis_tdata;
            int_tkeep = s_axis_tkeep;
            int_tlast = s_axis_tlast;
            int_tuser = s_axis_tuser;
            drop_next = 1'b0;
        end
    end else if (SHIFT_LANES == 0) begin : g_beats
        // whole beats: drop beats 0 .. Q-1, pass the rest
        reg [CNT_WIDTH-1:0] cnt_reg, cnt_next;

        wire skip = cnt_reg != CNT_OUT;
        wire in_xfer = s_axis_tvalid && s_ready;

        always @* begin
            cnt_next = cnt_reg;
            drop_next = 1'b0;

            s_ready = skip || int_tready;
            int_tvalid = s_axis_tvalid && !skip;
            int_tdata = s_axis_tdata;
            int_tkeep = s_axis_tkeep;
            int_tlast = s_axis_tlast;
            int_tuser = s_axis_tuser;

            if (in_xfer) begin
                if (s_axis_tlast) begin
                    cnt_next = {CNT_WIDTH{1'b0}};
                    drop_next = skip;
                end else if (skip) begin
                    cnt_next = cnt_reg + 1'b1;
                end
            end
        end

        always @(posedge clk) begin
            cnt_reg <= cnt_next;
            if (rst) begin
                cnt_reg <= {CNT_WIDTH{1'b0}};
            end
        end
    end else begin : g_lanes
        // R > 0: hold register and tail
        reg [CNT_WIDTH-1:0]    cnt_reg, cnt_next;
        // an output beat of hold_reg alone is pending
        reg                    tail_reg, tail_next;
        reg [HOLD_LANES-1:0]   tail_keep_reg;
        // lanes R and up of the last beat loaded, and its tuser
        reg [8*HOLD_LANES-1:0] hold_reg;
        reg [USER_WIDTH-1:0]   user_reg;
        reg                    load_hold;

        // beat index Q: loaded into the hold register only
        wire first = cnt_reg == CNT_SKIP;
        // beat index Q-1 or lower: consumed without output
        wire skip = !first && cnt_reg != CNT_OUT;
        // the last beat holds bytes past lane R-1: they need a tail
        wire spill = s_axis_tkeep[SHIFT_LANES];
        wire in_xfer = s_axis_tvalid && s_ready;

        always @* begin
            cnt_next = cnt_reg;
            tail_next = tail_reg && !int_tready;
            drop_next = 1'b0;
            load_hold = 1'b0;

            if (skip) begin
                s_ready = 1'b1;
            end else if (first) begin
                // the tail of the previous packet leaves as this beat loads
                s_ready = !tail_reg || int_tready;
            end else begin
                s_ready = int_tready;
            end

            // tail_reg is never set while cnt_reg = CNT_MAX
            int_tvalid = tail_reg || (!skip && !first && s_axis_tvalid);
            int_tdata = {s_axis_tdata[8*SHIFT_LANES-1:0], hold_reg};
            if (tail_reg) begin
                int_tkeep = {{SHIFT_LANES{1'b0}}, tail_keep_reg};
                int_tlast = 1'b1;
                int_tuser = user_reg;
            end else begin
                int_tkeep = {KEEP_WIDTH{1'b1}};
                if (s_axis_tlast && !spill) begin
                    int_tkeep = {s_axis_tkeep[SHIFT_LANES-1:0], {HOLD_LANES{1'b1}}};
                end
                int_tlast = s_axis_tlast && !spill;
                int_tuser = s_axis_tuser;
            end

            if (in_xfer) begin
                if (!skip) begin
                    load_hold = 1'b1;
                end
                if (s_axis_tlast) begin
                    cnt_next = {CNT_WIDTH{1'b0}};
                    if (!skip && spill) begin
                        tail_next = 1'b1;
                    end
                    drop_next = skip || (first && !spill);
                end else if (cnt_reg != CNT_OUT) begin
                    cnt_next = cnt_reg + 1'b1;
                end
            end
        end

        always @(posedge clk) begin
            cnt_reg <= cnt_next;
            tail_reg <= tail_next;
            if (load_hold) begin
                hold_reg <= s_axis_tdata[DATA_WIDTH-1:8*SHIFT_LANES];
                tail_keep_reg <= s_axis_tkeep[KEEP_WIDTH-1:SHIFT_LANES];
                user_reg <= s_axis_tuser;
            end
            if (rst) begin
                cnt_reg <= {CNT_WIDTH{1'b0}};
                tail_reg <= 1'b0;
            end
        end
    end
endgenerate

always @(posedge clk) begin
    drop_reg <= drop_next;
    if (rst) begin
        drop_reg <= 1'b0;
    end
end

fg_axis_skid #(
    .DATA_WIDTH(DATA_WIDTH),
    .USER_WIDTH(USER_WIDTH)
) u_out (
    .clk(clk),
    .rst(rst),
    .s_axis_tdata(int_tdata),
    .s_axis_tkeep(int_tkeep),
    .s_axis_tlast(int_tlast),
    .s_axis_tuser(int_tuser),
    .s_axis_tvalid(int_tvalid),
    .s_axis_tready(int_tready),
    .m_axis_tdata(m_axis_tdata),
    .m_axis_tkeep(m_axis_tkeep),
    .m_axis_tlast(m_axis_tlast),
    .m_axis_tuser(m_axis_tuser),
    .m_axis_tvalid(m_axis_tvalid),
    .m_axis_tready(m_axis_tready)
);

endmodule

`resetall
