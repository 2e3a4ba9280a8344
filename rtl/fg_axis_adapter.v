`resetall
`timescale 1ns / 1ps
`default_nettype none

// fg_axis_adapter: width adapter for the fpgagen packet stream.
//
// S_DATA_WIDTH -> M_DATA_WIDTH, each a power of two from 8 to 512.  The
// byte order is kept: byte k of the stream stays byte k.  tuser is carried
// (it is constant within a packet).
//
// Upsizing (S < M, RATIO = M/S): RATIO narrow beats are gathered into one
// wide beat, written segment by segment straight into the output
// register; a packet's last wide beat closes early at tlast with the
// unfilled lanes' tkeep low.  One narrow beat per cycle sustained, so the
// wide side gets one beat every RATIO cycles (fewer at a packet end).
// While a complete wide beat waits for m_axis_tready the narrow side is
// held: s_axis_tready = !m_axis_tvalid || m_axis_tready (one gate).
// Latency one cycle from the narrow beat that completes a wide one.
//
// Downsizing (S > M, RATIO = S/M): a wide beat is held and sent as narrow
// beats, stopping after the last segment that holds a kept byte (a
// 60-byte frame from 512 to 64 bits is 8 beats, from 512 to 128 bits 4).
// One narrow beat per cycle sustained; the next wide beat is taken in the
// cycle its predecessor's last segment leaves, so the wide side runs as
// fast as the narrow side allows.  s_axis_tready depends on m_axis_tready
// through one gate.  Latency one cycle.
//
// Equal widths: wires, no latency.
module fg_axis_adapter #(
    // sink width in bits: 8, 16, 32, 64, 128, 256 or 512
    parameter S_DATA_WIDTH = 64,
    // source width in bits: 8, 16, 32, 64, 128, 256 or 512
    parameter M_DATA_WIDTH = 256,
    // tuser width in bits (>= 1; tie to 1'b0 when the stream carries none)
    parameter USER_WIDTH = 1
) (
    input  wire                      clk,
    input  wire                      rst,

    // sink
    input  wire [S_DATA_WIDTH-1:0]   s_axis_tdata,
    input  wire [S_DATA_WIDTH/8-1:0] s_axis_tkeep,
    input  wire                      s_axis_tlast,
    input  wire [USER_WIDTH-1:0]     s_axis_tuser,
    input  wire                      s_axis_tvalid,
    output wire                      s_axis_tready,

    // source
    output wire [M_DATA_WIDTH-1:0]   m_axis_tdata,
    output wire [M_DATA_WIDTH/8-1:0] m_axis_tkeep,
    output wire                      m_axis_tlast,
    output wire [USER_WIDTH-1:0]     m_axis_tuser,
    output wire                      m_axis_tvalid,
    input  wire                      m_axis_tready
);

localparam S_KEEP_WIDTH = S_DATA_WIDTH / 8;
localparam M_KEEP_WIDTH = M_DATA_WIDTH / 8;
localparam RATIO = S_DATA_WIDTH > M_DATA_WIDTH ? S_DATA_WIDTH / M_DATA_WIDTH
                                               : M_DATA_WIDTH / S_DATA_WIDTH;
localparam SEG_WIDTH = RATIO > 1 ? $clog2(RATIO) : 1;

generate
    if (S_DATA_WIDTH < 8 || S_DATA_WIDTH > 512 || (1 << $clog2(S_DATA_WIDTH)) != S_DATA_WIDTH) begin : g_check_s
        fg_param_error_s_data_width_must_be_a_power_of_two_8_to_512 u_error ();
    end
    if (M_DATA_WIDTH < 8 || M_DATA_WIDTH > 512 || (1 << $clog2(M_DATA_WIDTH)) != M_DATA_WIDTH) begin : g_check_m
        fg_param_error_m_data_width_must_be_a_power_of_two_8_to_512 u_error ();
    end
    if (USER_WIDTH < 1) begin : g_check_user
        fg_param_error_user_width_must_be_at_least_1 u_error ();
    end
endgenerate

generate
if (S_DATA_WIDTH == M_DATA_WIDTH) begin : g_same

    assign s_axis_tready = m_axis_tready;
    assign m_axis_tdata = s_axis_tdata;
    assign m_axis_tkeep = s_axis_tkeep;
    assign m_axis_tlast = s_axis_tlast;
    assign m_axis_tuser = s_axis_tuser;
    assign m_axis_tvalid = s_axis_tvalid;

    // no state at equal widths
    wire unused_clk_rst = clk | rst;

end else if (S_DATA_WIDTH < M_DATA_WIDTH) begin : g_up

    // the wide beat is gathered in the output register itself: narrow
    // beat j of a wide beat is written straight into segment j
    reg [SEG_WIDTH-1:0]    seg_reg;        // segment the next narrow beat fills
    reg                    out_valid_reg;
    reg [M_DATA_WIDTH-1:0] out_data_reg;
    reg [M_KEEP_WIDTH-1:0] out_keep_reg;
    reg                    out_last_reg;
    reg [USER_WIDTH-1:0]   out_user_reg;
    integer k;

    // the register may be written when it is empty or its beat leaves now
    wire accept = s_axis_tvalid && (!out_valid_reg || m_axis_tready);
    wire complete = s_axis_tlast || &seg_reg;

    assign s_axis_tready = !out_valid_reg || m_axis_tready;
    assign m_axis_tdata = out_data_reg;
    assign m_axis_tkeep = out_keep_reg;
    assign m_axis_tlast = out_last_reg;
    assign m_axis_tuser = out_user_reg;
    assign m_axis_tvalid = out_valid_reg;

    always @(posedge clk) begin
        for (k = 0; k < RATIO; k = k + 1) begin
            if (accept && seg_reg == k[SEG_WIDTH-1:0]) begin
                out_data_reg[k*S_DATA_WIDTH +: S_DATA_WIDTH] <= s_axis_tdata;
                out_keep_reg[k*S_KEEP_WIDTH +: S_KEEP_WIDTH] <= s_axis_tkeep;
            end else if (accept && s_axis_tlast && k[SEG_WIDTH-1:0] > seg_reg) begin
                // a packet ends early: the segments after it are empty
                out_keep_reg[k*S_KEEP_WIDTH +: S_KEEP_WIDTH] <= {S_KEEP_WIDTH{1'b0}};
            end
        end
        if (accept) begin
            out_last_reg <= s_axis_tlast;
            out_user_reg <= s_axis_tuser;
            seg_reg <= complete ? {SEG_WIDTH{1'b0}} : seg_reg + 1'b1;
        end

        if (accept && complete) begin
            out_valid_reg <= 1'b1;
        end else if (m_axis_tready) begin
            out_valid_reg <= 1'b0;
        end

        if (rst) begin
            seg_reg <= {SEG_WIDTH{1'b0}};
            out_valid_reg <= 1'b0;
        end
    end

end else begin : g_down

    // the wide beat being sent, segment seg_reg next
    reg                    hold_valid_reg;
    reg [S_DATA_WIDTH-1:0] hold_data_reg;
    reg [S_KEEP_WIDTH-1:0] hold_keep_reg;
    reg                    hold_last_reg;
    reg [USER_WIDTH-1:0]   hold_user_reg;
    reg [SEG_WIDTH-1:0]    seg_reg;
    reg [SEG_WIDTH-1:0]    final_seg_reg;  // last segment holding a kept byte

    // the last segment of the incoming beat that holds a kept byte (kept
    // lanes are contiguous from lane 0, so a segment holds one exactly
    // when its first lane is kept)
    reg [SEG_WIDTH-1:0]    in_final_seg;

    reg [M_DATA_WIDTH-1:0] seg_data;
    reg [M_KEEP_WIDTH-1:0] seg_keep;
    integer k;

    wire at_final = seg_reg == final_seg_reg;
    wire accept = s_axis_tvalid && s_axis_tready;

    assign s_axis_tready = !hold_valid_reg || (m_axis_tready && at_final);
    assign m_axis_tdata = seg_data;
    assign m_axis_tkeep = seg_keep;
    assign m_axis_tlast = hold_last_reg && at_final;
    assign m_axis_tuser = hold_user_reg;
    assign m_axis_tvalid = hold_valid_reg;

    always @* begin
        in_final_seg = {SEG_WIDTH{1'b0}};
        seg_data = {M_DATA_WIDTH{1'b0}};
        seg_keep = {M_KEEP_WIDTH{1'b0}};
        for (k = 0; k < RATIO; k = k + 1) begin
            if (s_axis_tkeep[k*M_KEEP_WIDTH]) begin
                in_final_seg = k[SEG_WIDTH-1:0];
            end
            if (seg_reg == k[SEG_WIDTH-1:0]) begin
                seg_data = hold_data_reg[k*M_DATA_WIDTH +: M_DATA_WIDTH];
                seg_keep = hold_keep_reg[k*M_KEEP_WIDTH +: M_KEEP_WIDTH];
            end
        end
    end

    always @(posedge clk) begin
        if (accept) begin
            hold_valid_reg <= 1'b1;
            hold_data_reg <= s_axis_tdata;
            hold_keep_reg <= s_axis_tkeep;
            hold_last_reg <= s_axis_tlast;
            hold_user_reg <= s_axis_tuser;
            seg_reg <= {SEG_WIDTH{1'b0}};
            final_seg_reg <= s_axis_tlast ? in_final_seg : {SEG_WIDTH{1'b1}};
        end else if (hold_valid_reg && m_axis_tready) begin
            if (at_final) begin
                hold_valid_reg <= 1'b0;
            end else begin
                seg_reg <= seg_reg + 1'b1;
            end
        end

        if (rst) begin
            hold_valid_reg <= 1'b0;
            seg_reg <= {SEG_WIDTH{1'b0}};
        end
    end

end
endgenerate

endmodule

`resetall
