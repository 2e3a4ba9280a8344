/*
 * uart_model.h -- the C view of the Verilator model of uart_sim_top
 * (tests/uart/uart_sim_top.v), given by uart_sim_shim.cpp.
 */
#ifndef TESTS_UART_UART_MODEL_H
#define TESTS_UART_UART_MODEL_H

typedef struct UartModel UartModel;

/* A new model, clock low, nothing else done yet. */
UartModel *uart_model_open(void);
/* One clock cycle: rst and the bridge's rxd are set, the clock rises and
 * falls; returns the bridge's txd after the rising edge. */
int uart_model_cycle(UartModel *m, int rst, int rxd);
void uart_model_close(UartModel *m);

/* The test program (uart_sim.c); the shim's main() calls it. */
int uart_sim_main(int argc, char **argv);

#endif
