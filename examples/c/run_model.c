/* run_model.c: runs a model compiled by `tgc compile --shared`, from C.
 *
 *   tgc compile model.mlir --shared -o build/libmodel.so   (writes libmodel.h)
 *   cc -I build -DMODEL_HEADER='"libmodel.h"' run_model.c \
 *      -L build -lmodel -Wl,-rpath,build -o run_model
 *   ./run_model WEIGHTS.safetensors|- IN0.bin ... OUT0.bin ...
 *
 * Each input file holds one input's raw elements: dense, row-major, in the
 * order and element types the header lists (tgc_model_input_names and
 * tgc_model_input_bytes). Each output is written the same way. "-" for the
 * weights uses the weights embedded in the library (--embed-weights).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include MODEL_HEADER

/* Reads `path`, which must hold exactly `size` bytes. */
static void *read_input(const char *path, const char *name, size_t size) {
  FILE *file = fopen(path, "rb");
  if (!file) {
    fprintf(stderr, "run_model: cannot open %s (input %s)\n", path, name);
    return NULL;
  }
  void *data = malloc(size ? size : 1);
  size_t got = fread(data, 1, size, file);
  int longer = fgetc(file) != EOF;
  fclose(file);
  if (got != size || longer) {
    fprintf(stderr, "run_model: %s has %s bytes than input %s needs (%zu)\n", path,
            got != size ? "fewer" : "more", name, size);
    free(data);
    return NULL;
  }
  return data;
}

int main(int argc, char **argv) {
  if (argc != 2 + TGC_MODEL_NUM_INPUTS + TGC_MODEL_NUM_OUTPUTS) {
    fprintf(stderr, "usage: %s WEIGHTS|- <%d input files> <%d output files>\n",
            argv[0], TGC_MODEL_NUM_INPUTS, TGC_MODEL_NUM_OUTPUTS);
    return 2;
  }
  tgc_model *model = tgc_model_create(strcmp(argv[1], "-") != 0 ? argv[1] : NULL);
  if (!model) {
    fprintf(stderr, "run_model: %s\n", tgc_last_error());
    return 1;
  }
  const void *inputs[TGC_MODEL_NUM_INPUTS + 1];
  void *outputs[TGC_MODEL_NUM_OUTPUTS + 1];
  int status = 0;
  for (int i = 0; i < TGC_MODEL_NUM_INPUTS; ++i) {
    inputs[i] = read_input(argv[2 + i], tgc_model_input_names[i], tgc_model_input_bytes[i]);
    if (!inputs[i])
      return 1;
  }
  for (int i = 0; i < TGC_MODEL_NUM_OUTPUTS; ++i)
    outputs[i] = malloc(tgc_model_output_bytes[i] ? tgc_model_output_bytes[i] : 1);

  if (tgc_model_run(model, inputs, outputs) != 0) {
    fprintf(stderr, "run_model: %s\n", tgc_last_error());
    status = 1;
  }
  for (int i = 0; status == 0 && i < TGC_MODEL_NUM_OUTPUTS; ++i) {
    const char *path = argv[2 + TGC_MODEL_NUM_INPUTS + i];
    FILE *file = fopen(path, "wb");
    if (!file || fwrite(outputs[i], 1, tgc_model_output_bytes[i], file) !=
                     tgc_model_output_bytes[i]) {
      fprintf(stderr, "run_model: cannot write %s\n", path);
      status = 1;
    }
    if (file)
      fclose(file);
    if (status == 0)
      printf("wrote %s (%s, %zu bytes)\n", path, tgc_model_output_names[i],
             tgc_model_output_bytes[i]);
  }
  for (int i = 0; i < TGC_MODEL_NUM_INPUTS; ++i)
    free((void *)inputs[i]);
  for (int i = 0; i < TGC_MODEL_NUM_OUTPUTS; ++i)
    free(outputs[i]);
  tgc_model_destroy(model);
  return status;
}
