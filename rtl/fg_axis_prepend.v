`resetall
`timescale 1ns / 1ps
`default_nettype none

// fg_axis_prepend: inserts BYTES bytes in front of every packet.
//
// The bytes come from `prefix` (byte 0 = prefix[7:0], the first on the
// wire).  `prefix` belongs to the packet's first beat: it must be valid
// whenever s_axis_tvalid is high on a first beat and stay stable until
// that beat is accepted, like tdata (EtherEncap drives a 14-byte header
// here).  Output byte j of a packet is prefix byte j for j < BYTES, else
// input byte j - BYTES; tuser passes unchanged.
//
// With Q = BYTES / (DATA_WIDTH/8) and R = BYTES % (DATA_WIDTH/8):
//   - output beats 0 .. Q-1 are prefix alone; they leave while the first
//     input beat waits on s_axis (not yet accepted);
//   - R = 0: then the input beats pass unchanged;
//   - R > 0: each input beat leaves in one output beat as lanes R and up,
//     after R "carry" lanes: the prefix's last R bytes for the first beat,
//     else lanes W/8-R and up of the beat before.  When the last beat has
//     more than W/8-R bytes, the bytes that do not fit leave in a "tail"
//     beat of their own in the following cycle.
// So the output carries one beat per cycle, back to back, whenever the
// input has one ready; the input waits only for the Q prefix beats and
// the tail, i.e. exactly when the packet grows by a beat.
//
// Lanes of the last output beat past tkeep carry junk.  Outputs are
// registered (fg_axis_skid); s_axis_tready is a function of registers
// only.  Latency: one cycle.
module fg_axis_prepend #(
    // stream width in bits: 8, 16, 32, ... 512
    parameter DATA_WIDTH = 64,
    // tuser width in bits (>= 1; tie to 1'b0 when the stream carries none)
    parameter USER_WIDTH = 1,
    // bytes inserted in front of every packet (>= 1)
    parameter BYTES = 14
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

    // the bytes to insert, valid with the packet's first beat
    input  wire [8*BYTES-1:0]      prefix,

    // source
    output wire [DATA_WIDTH-1:0]   m_axis_tdata,
    output wire [DATA_WIDTH/8-1:0] m_axis_tkeep,
    output wire                    m_axis_tlast,
    output wire [USER_WIDTH-1:0]   m_axis_tuser,
    output wire                    m_axis_tvalid,
    input  wire                    m_axis_tready
);

localparam KEEP_WIDTH = DATA_WIDTH / 8;
// whole prefix beats and the prefix bytes left for the first input beat
localparam PREFIX_BEATS = BYTES / KEEP_WIDTH;
localparam PREFIX_LANES = BYTES % KEEP_WIDTH;
// lanes of an input beat that fit in its output beat (R > 0 only)
localparam BODY_LANES = KEEP_WIDTH - PREFIX_LANES;
// cnt_reg: k < Q: prefix beat k is next; Q: the first input beat is next;
// Q + 1 (R > 0 only): a later input beat is next
localparam CNT_MAX = PREFIX_LANES != 0 ? PREFIX_BEATS + 1 : PREFIX_BEATS;
localparam CNT_WIDTH = CNT_MAX > 0 ? $clog2(CNT_MAX + 1) : 1;
localparam [CNT_WIDTH-1:0] CNT_FIRST = PREFIX_BEATS[CNT_WIDTH-1:0];
localparam [CNT_WIDTH-1:0] CNT_BODY = CNT_MAX[CNT_WIDTH-1:0];

generate
    if (DATA_WIDTH < 8 || DATA_WIDTH > 512 || (DATA_WIDTH & (DATA_WIDTH - 1)) != 0) begin : g_check_width
        fg_param_error_data_width_must_be_a_power_of_two_from_8_to_512 u_error ();
    end
    if (USER_WIDTH < 1) begin : g_check_user
        fg_param_error_user_width_must_be_at_least_1 u_error ();
    end
    if (BYTES < 1) begin : g_check_bytes
        fg_param_error_bytes_must_be_at_least_1 u_error ();
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

reg [CNT_WIDTH-1:0] cnt_reg, cnt_next;

assign s_axis_tready = s_ready;

// output beat cnt_reg of the prefix (cnt_reg < Q)
wire [DATA_WIDTH-1:0] prefix_beat;

generate
    if (PREFIX_BEATS > 1) begin : g_prefix_mux
        // (cnt_reg >= Q selects past the prefix; that value is never used)
        assign prefix_beat = prefix[cnt_reg*DATA_WIDTH +: DATA_WIDTH];
    end else if (PREFIX_BEATS == 1) begin : g_prefix_one
        assign prefix_beat = prefix[DATA_WIDTH-1:0];
    end else begin : g_prefix_none
        assign prefix_beat = {DATA_WIDTH{1'b0}};
    end

    if (PREFIX_LANES == 0) begin : g_beats
        // whole beats: Q prefix beats, then the input unchanged
        wire in_xfer = s_axis_tvalid && s_ready;

        always @* begin
            cnt_next = cnt_reg;

            if (cnt_reg != CNT_FIRST) begin
                s_ready = 1'b0;
                int_tvalid = s_axis_tvalid;
                int_tdata = prefix_beat;
                int_tkeep = {KEEP_WIDTH{1'b1}};
                int_tlast = 1'b0;
                if (s_axis_tvalid && int_tready) begin
                    cnt_next = cnt_reg + 1'b1;
                end
            end else begin
                s_ready = int_tready;
                int_tvalid = s_axis_tvalid;
                int_tdata = s_axis_tdata;
                int_tkeep = s_axis_tkeep;
                int_tlast = s_axis_tlast;
                if (in_xfer && s_axis_tlast) begin
                    cnt_next = {CNT_WIDTH{1'b0}};
                end
            end
            int_tuser = s_axis_tuser;
        end
    end else begin : g_lanes
        // R > 0: carry lanes and tail
        // an output beat of carry_reg alone is pending
        reg                      tail_reg, tail_next;
        reg [PREFIX_LANES-1:0]   tail_keep_reg;
        // lanes W/8-R and up of the last input beat, and its tuser
        reg [8*PREFIX_LANES-1:0] carry_reg;
        reg [USER_WIDTH-1:0]     user_reg;
        reg                      load_carry;

        wire in_xfer = s_axis_tvalid && s_ready;
        wire first = cnt_reg == CNT_FIRST;
        wire body = cnt_reg == CNT_BODY;
        // a prefix beat is next
        wire prefix_now = !tail_reg && !first && !body;
        // the carry lanes of the output beat: the prefix's last R bytes
        // with the first input beat, else the last beat's upper lanes
        wire [8*PREFIX_LANES-1:0] carry = first && !tail_reg ?
            prefix[8*BYTES-1:8*KEEP_WIDTH*PREFIX_BEATS] : carry_reg;
        // the last beat holds more bytes than fit: they need a tail
        wire spill = s_axis_tkeep[BODY_LANES];

        always @* begin
            cnt_next = cnt_reg;
            tail_next = tail_reg && !int_tready;
            load_carry = 1'b0;
            s_ready = 1'b0;

            // (in a tail beat the lanes past the carry are junk)
            int_tdata = prefix_now ? prefix_beat : {s_axis_tdata[8*BODY_LANES-1:0], carry};

            if (tail_reg) begin
                int_tvalid = 1'b1;
                int_tkeep = {{BODY_LANES{1'b0}}, tail_keep_reg};
                int_tlast = 1'b1;
                int_tuser = user_reg;
            end else if (!first && !body) begin
                int_tvalid = s_axis_tvalid;
                int_tkeep = {KEEP_WIDTH{1'b1}};
                int_tlast = 1'b0;
                int_tuser = s_axis_tuser;
                if (s_axis_tvalid && int_tready) begin
                    cnt_next = cnt_reg + 1'b1;
                end
            end else begin
                s_ready = int_tready;
                int_tvalid = s_axis_tvalid;
                int_tkeep = {KEEP_WIDTH{1'b1}};
                if (s_axis_tlast && !spill) begin
                    int_tkeep = {s_axis_tkeep[BODY_LANES-1:0], {PREFIX_LANES{1'b1}}};
                end
                int_tlast = s_axis_tlast && !spill;
                int_tuser = s_axis_tuser;
                if (in_xfer) begin
                    load_carry = 1'b1;
                    if (s_axis_tlast) begin
                        cnt_next = {CNT_WIDTH{1'b0}};
                        tail_next = spill;
                    end else begin
                        cnt_next = CNT_BODY;
                    end
                end
            end
        end

        always @(posedge clk) begin
            tail_reg <= tail_next;
            if (load_carry) begin
                carry_reg <= s_axis_tdata[DATA_WIDTH-1:8*BODY_LANES];
                tail_keep_reg <= s_axis_tkeep[KEEP_WIDTH-1:BODY_LANES];
                user_reg <= s_axis_tuser;
            end
            if (rst) begin
                tail_reg <= 1'b0;
            end
        end
    end
endgenerate

always @(posedge clk) begin
    cnt_reg <= cnt_next;
    if (rst) begin
        cnt_reg <= {CNT_WIDTH{1'b0}};
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
