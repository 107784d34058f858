/* Calls the ahead-of-time compiled `mm` of small_matmul.mlir through its C
   interface (docs/AOT.md): one pointer to a memref descriptor per input,
   then one per result (caller-allocated out-parameter). */
#include <stdint.h>
#include <stdio.h>

typedef struct {
  void *allocated; /* what free() would take; unused for caller buffers */
  void *aligned;   /* the data */
  int64_t offset;  /* in elements */
  int64_t sizes[2];
  int64_t strides[2]; /* in elements; row-major: {cols, 1} */
} MemRef2D;

void _mlir_ciface_mm(MemRef2D *a, MemRef2D *b, MemRef2D *c);

int main(void) {
  int8_t a[2][3] = {{1, 2, 3}, {4, 5, 6}};
  int8_t b[3][2] = {{1, 2}, {3, 4}, {5, 6}};
  int32_t c[2][2] = {{0}};
  MemRef2D da = {a, a, 0, {2, 3}, {3, 1}};
  MemRef2D db = {b, b, 0, {3, 2}, {2, 1}};
  MemRef2D dc = {c, c, 0, {2, 2}, {2, 1}};
  _mlir_ciface_mm(&da, &db, &dc);
  for (int i = 0; i < 2; ++i)
    printf("%d %d\n", c[i][0], c[i][1]);
  return 0;
}
