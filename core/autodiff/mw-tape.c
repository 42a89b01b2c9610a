/* mw-tape.c: the arena of one step's temporaries and the reverse-mode autodiff engine. */
#include "mw-op-private.h"

#include <math.h>
#include <string.h>
#include <sys/mman.h>

#define BLOCK_BYTES (256 * 1024)

typedef struct {
  float *data;
  size_t numel;
} Buffer;

typedef struct {
  char *mem;
  size_t size;
} Block;

struct MwTape {
  bool recording;
  uint32_t epoch;
  /* Small objects (tensor structs, nodes, index arrays) come from a bump allocator. */
  GArray *blocks;           /* Block */
  guint block_index;
  size_t block_used;
  /* Float buffers: live ones return to the pool (keyed by exact size, since the same
   * shapes recur every step) on reset. */
  GArray *live;             /* Buffer */
  GHashTable *pool;         /* numel → GPtrArray of float* */
  size_t bytes_live, bytes_pooled, peak;
  float *scratch;
  size_t scratch_len;
  uint64_t node_seq;
  /* A consuming backward pass's use counts per buffer, kept between passes. */
  int *use_counts;
  guint use_counts_len;
  struct Uses *consuming;   /* during a consuming pass: its counts */
  /* MW_TAPE_POISON set: released buffers are filled with NaN, so a test sees any read
   * of a buffer after a consuming pass let it go. */
  bool poison;
};

MwTape *
mw_tape_new (void)
{
  MwTape *tape = g_new0 (MwTape, 1);
  tape->recording = true;
  tape->poison = g_getenv ("MW_TAPE_POISON") != NULL;
  tape->blocks = g_array_new (FALSE, FALSE, sizeof (Block));
  tape->live = g_array_new (FALSE, FALSE, sizeof (Buffer));
  tape->pool = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                      (GDestroyNotify) g_ptr_array_unref);
  return tape;
}

/* Large buffers are mapped directly, so one given back is returned to the system at
 * once rather than staying in the allocator's heap. */
#define MAP_BYTES ((size_t) 1 << 20)

static float *
buffer_alloc (size_t numel)
{
  size_t bytes;
  if (!g_size_checked_mul (&bytes, numel, sizeof (float)))
    g_error ("a tape buffer of %zu values is larger than memory can address", numel);
  if (bytes < MAP_BYTES)
    return g_aligned_alloc (numel, sizeof (float), 64);
  void *p = mmap (NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    g_error ("out of memory: cannot map %zu bytes for a tape buffer", bytes);
  return p;
}

static void
buffer_free (float *data, size_t numel)
{
  size_t bytes = numel * sizeof (float);
  if (bytes < MAP_BYTES)
    g_aligned_free (data);
  else
    munmap (data, bytes);
}

static void
free_pool (MwTape *tape)
{
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, tape->pool);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      GPtrArray *list = value;
      for (guint i = 0; i < list->len; i++)
        buffer_free (list->pdata[i], GPOINTER_TO_SIZE (key));
      g_ptr_array_set_size (list, 0);
    }
  tape->bytes_pooled = 0;
}

void
mw_tape_free (MwTape *tape)
{
  if (tape == NULL)
    return;
  mw_tape_reset (tape);
  free_pool (tape);
  g_hash_table_destroy (tape->pool);
  g_free (tape->use_counts);
  g_aligned_free (tape->scratch);
  g_array_free (tape->live, TRUE);
  for (guint i = 0; i < tape->blocks->len; i++)
    g_free (g_array_index (tape->blocks, Block, i).mem);
  g_array_free (tape->blocks, TRUE);
  g_free (tape);
}

static void release_buffer (MwTape *tape, guint index);

/* Returns the live buffers from index `from` on to the pool. */
static void
release_live (MwTape *tape, guint from)
{
  for (guint i = from; i < tape->live->len; i++)
    release_buffer (tape, i);
  if (from < tape->live->len)
    g_array_set_size (tape->live, from);
}

void
mw_tape_reset (MwTape *tape)
{
  release_live (tape, 0);
  tape->bytes_live = 0;
  tape->block_index = 0;
  tape->block_used = 0;
  tape->recording = true;
}

MwTapeMark
mw_tape_mark (const MwTape *tape)
{
  MwTapeMark m = { tape->live->len, tape->block_index, tape->block_used };
  return m;
}

void
mw_tape_rewind (MwTape *tape, MwTapeMark mark)
{
  g_return_if_fail (mark.live <= tape->live->len);
  release_live (tape, mark.live);
  /* The bump allocator only ever moves forward between resets, so going back to the
   * mark's position frees exactly what came after it. */
  tape->block_index = mark.block_index;
  tape->block_used = mark.block_used;
}

bool
mw_tape_set_recording (MwTape *tape, bool on)
{
  bool old = tape->recording;
  tape->recording = on;
  return old;
}

bool
mw_tape_is_recording (const MwTape *tape)
{
  return tape->recording;
}

void *
mw_tape_alloc (MwTape *tape, size_t bytes)
{
  bytes = (bytes + 15) & ~(size_t) 15;
  while (tape->block_index < tape->blocks->len)
    {
      Block *b = &g_array_index (tape->blocks, Block, tape->block_index);
      if (tape->block_used + bytes <= b->size)
        {
          void *p = b->mem + tape->block_used;
          tape->block_used += bytes;
          return p;
        }
      tape->block_index++;
      tape->block_used = 0;
    }
  Block nb = { NULL, MAX (BLOCK_BYTES, bytes) };
  nb.mem = g_malloc (nb.size);
  g_array_append_val (tape->blocks, nb);
  tape->block_index = tape->blocks->len - 1;
  tape->block_used = bytes;
  return nb.mem;
}

/* Returns one live buffer to the pool before the reset (a consuming backward pass). */
static void
release_buffer (MwTape *tape, guint index)
{
  Buffer *b = &g_array_index (tape->live, Buffer, index);
  if (b->data == NULL)
    return;
  if (tape->poison)
    for (size_t i = 0; i < b->numel; i++)
      b->data[i] = NAN;
  GPtrArray *list = g_hash_table_lookup (tape->pool, GSIZE_TO_POINTER (b->numel));
  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (tape->pool, GSIZE_TO_POINTER (b->numel), list);
    }
  g_ptr_array_add (list, b->data);
  tape->bytes_pooled += b->numel * sizeof (float);
  tape->bytes_live -= b->numel * sizeof (float);
  b->data = NULL;
}

/* The pool keeps buffers by exact size, and the sizes a step needs at its peak are not
 * those it needs at other times: without a bound the pool would hold the sum of every
 * size's own peak.  Before a new buffer is made, pooled ones of other sizes (largest
 * first) are given back until the tape holds at most an eighth more than its peak of
 * live bytes (or than what is live plus the request, if that is more). */
static void
evict_for (MwTape *tape, size_t request)
{
  /* A small tape is left alone: its churn would cost more than its memory. */
  if (tape->bytes_live + tape->bytes_pooled + request < ((size_t) 64 << 20))
    return;
  size_t want = MAX (tape->peak, tape->bytes_live + request);
  size_t limit = want + want / 8;
  while (tape->bytes_pooled > 0 && tape->bytes_live + tape->bytes_pooled + request > limit)
    {
      GHashTableIter it;
      gpointer key, value;
      size_t largest = 0;
      GPtrArray *victim = NULL;
      g_hash_table_iter_init (&it, tape->pool);
      while (g_hash_table_iter_next (&it, &key, &value))
        if (((GPtrArray *) value)->len > 0 && GPOINTER_TO_SIZE (key) > largest)
          {
            largest = GPOINTER_TO_SIZE (key);
            victim = value;
          }
      if (victim == NULL)
        break;
      buffer_free (g_ptr_array_steal_index_fast (victim, victim->len - 1), largest);
      tape->bytes_pooled -= largest * sizeof (float);
    }
}

static float *
take_buffer (MwTape *tape, size_t numel)
{
  size_t n = numel ? numel : 1;
  float *data = NULL;
  GPtrArray *list = g_hash_table_lookup (tape->pool, GSIZE_TO_POINTER (n));
  if (list != NULL && list->len > 0)
    {
      data = g_ptr_array_steal_index_fast (list, list->len - 1);
      tape->bytes_pooled -= n * sizeof (float);
    }
  else
    {
      evict_for (tape, n * sizeof (float));
      data = buffer_alloc (n);
    }
  Buffer b = { data, n };
  g_array_append_val (tape->live, b);
  tape->bytes_live += n * sizeof (float);
  if (tape->bytes_live > tape->peak)
    tape->peak = tape->bytes_live;
  return data;
}

static MwTensor *
new_struct (MwTape *tape, int ndim, const int *shape)
{
  g_assert (ndim >= 1 && ndim <= MW_MAX_DIMS);
  MwTensor *t = mw_tape_alloc (tape, sizeof (MwTensor));
  memset (t, 0, sizeof *t);
  t->ndim = ndim;
  memcpy (t->shape, shape, sizeof (int) * (size_t) ndim);
  t->numel = mw_shape_numel (ndim, shape);
  t->tape = tape;
  t->grad_slot = -1;
  t->buffer = -1;
  return t;
}

MwTensor *
mw_tape_tensor (MwTape *tape, int ndim, const int *shape)
{
  MwTensor *t = new_struct (tape, ndim, shape);
  t->data = take_buffer (tape, t->numel);
  t->owns_data = true;
  t->buffer = (int) tape->live->len - 1;
  return t;
}

MwTensor *
mw_tape_zeros (MwTape *tape, int ndim, const int *shape)
{
  MwTensor *t = mw_tape_tensor (tape, ndim, shape);
  memset (t->data, 0, sizeof (float) * t->numel);
  return t;
}

MwTensor *
mw_tape_constant (MwTape *tape, int ndim, const int *shape, const float *data)
{
  MwTensor *t = mw_tape_tensor (tape, ndim, shape);
  memcpy (t->data, data, sizeof (float) * t->numel);
  return t;
}

float *
mw_tape_scratch (MwTape *tape, size_t n_floats)
{
  if (n_floats > tape->scratch_len)
    {
      g_aligned_free (tape->scratch);
      tape->scratch = g_aligned_alloc (n_floats, sizeof (float), 64);
      tape->scratch_len = n_floats;
    }
  return tape->scratch;
}

size_t
mw_tape_bytes_in_use (const MwTape *tape)
{
  return tape->bytes_live + tape->bytes_pooled + tape->scratch_len * sizeof (float);
}

size_t
mw_tape_peak_bytes (const MwTape *tape)
{
  return tape->peak;
}

MwTensor *
mw_detach (MwTape *tape, MwTensor *src, bool requires_grad)
{
  MwTensor *t = new_struct (tape, src->ndim, src->shape);
  t->data = src->data;
  t->owns_data = false;
  t->buffer = src->tape == tape ? src->buffer : -1;
  t->requires_grad = requires_grad;
  return t;
}

bool
mw_tape_would_record (const MwTape *tape, MwTensor *const *inputs, int n)
{
  if (!tape->recording)
    return false;
  for (int i = 0; i < n; i++)
    if (inputs[i] != NULL && inputs[i]->requires_grad)
      return true;
  return false;
}

MwNode *
mw_tape_new_node (MwTape *tape, const MwOpDef *op, MwTensor *out)
{
  MwNode *node = mw_tape_alloc (tape, sizeof (MwNode));
  memset (node, 0, sizeof *node);
  node->op = op;
  node->seq = ++tape->node_seq;
  node->out = out;
  return node;
}

MwTensor *
mw_op_output (MwTape *tape, const MwOpDef *op, int ndim, const int *shape,
              MwTensor *const *inputs, int n_inputs)
{
  MwTensor *out = mw_tape_tensor (tape, ndim, shape);
  if (mw_tape_would_record (tape, inputs, n_inputs))
    {
      MwNode *node = mw_tape_new_node (tape, op, out);
      node->n_inputs = n_inputs;
      for (int i = 0; i < n_inputs; i++)
        node->inputs[i] = inputs[i];
      node->out = out;
      out->node = node;
      out->requires_grad = true;
    }
  return out;
}

void
mw_shape_error (const char *op, const MwTensor *a, const MwTensor *b, const char *what)
{
  char sa[96], sb[96] = "";
  mw_shape_to_string (a->ndim, a->shape, sa, sizeof sa);
  if (b != NULL)
    mw_shape_to_string (b->ndim, b->shape, sb, sizeof sb);
  g_error ("%s: %s (shapes %s %s)", op, what, sa, sb);
}

/* ---- reverse mode ---------------------------------------------------------------- */

static uint32_t grad_epoch_counter;

static int
input_index (MwTensor *t, MwTensor *const *inputs, int n)
{
  for (int i = 0; i < n; i++)
    if (inputs[i] == t)
      return i;
  return -1;
}

typedef struct {
  MwTensor *t;
  int next_child;
} Frame;

static gint
compare_creation (gconstpointer a, gconstpointer b)
{
  const MwTensor *x = *(MwTensor *const *) a, *y = *(MwTensor *const *) b;
  return x->node->seq < y->node->seq ? -1 : x->node->seq > y->node->seq;
}

/* A consuming backward pass counts, per tape buffer, the uses still to come (nodes not
 * yet processed that read it, gradient cells holding it); a buffer whose count drops to
 * zero goes back to the pool at once, so the next allocation of that size reuses it. */
typedef struct Uses {
  MwTape *tape;
  int *count;
  guint len;
  guint first;   /* buffers made before this one are never released */
} Uses;

static int *
uses_slot (Uses *u, const MwTensor *t)
{
  if (t == NULL || t->tape != u->tape || t->buffer < 0)
    return NULL;
  guint i = (guint) t->buffer;
  if (i >= u->len)
    {
      guint len = MAX (i + 1, u->len * 2);
      u->count = g_renew (int, u->count, len);
      memset (u->count + u->len, 0, sizeof (int) * (len - u->len));
      u->len = len;
    }
  return &u->count[i];
}

static void
uses_take (Uses *u, const MwTensor *t)
{
  int *c = uses_slot (u, t);
  if (c != NULL)
    (*c)++;
}

static void
uses_drop (Uses *u, const MwTensor *t)
{
  int *c = uses_slot (u, t);
  if (c != NULL && --(*c) == 0 && (guint) t->buffer >= u->first)
    release_buffer (u->tape, (guint) t->buffer);
}

/* Releases the buffers made since `from` that nothing holds (a backward function's
 * intermediates, gradients already summed into another). */
static void
uses_collect (Uses *u, guint from)
{
  for (guint i = MAX (from, u->first); i < u->tape->live->len; i++)
    if (i >= u->len || u->count[i] == 0)
      release_buffer (u->tape, i);
}

bool
mw_tape_last_use (const MwTape *tape, const MwTensor *t)
{
  const Uses *u = tape->consuming;
  if (u == NULL || t->tape != tape || t->buffer < 0 || (guint) t->buffer >= u->len)
    return false;
  return u->count[t->buffer] == 1;
}

static bool grad_impl (MwTape *tape, MwTensor *output, MwTensor *grad_output,
                       MwTensor *const *inputs, int n_inputs, bool create_graph,
                       bool consume, guint first, MwTensor **grads_out, const char **error);

bool
mw_grad (MwTape *tape, MwTensor *output, MwTensor *grad_output,
         MwTensor *const *inputs, int n_inputs, bool create_graph,
         MwTensor **grads_out, const char **error)
{
  return grad_impl (tape, output, grad_output, inputs, n_inputs, create_graph, false, 0,
                    grads_out, error);
}

bool
mw_grad_consuming (MwTape *tape, MwTensor *output, MwTensor *grad_output,
                   MwTensor *const *inputs, int n_inputs, MwTensor **grads_out,
                   const char **error)
{
  return grad_impl (tape, output, grad_output, inputs, n_inputs, false, true, 0, grads_out,
                    error);
}

bool
mw_grad_consuming_since (MwTape *tape, MwTapeMark mark, MwTensor *output,
                         MwTensor *grad_output, MwTensor *const *inputs, int n_inputs,
                         MwTensor **grads_out, const char **error)
{
  return grad_impl (tape, output, grad_output, inputs, n_inputs, false, true, mark.live,
                    grads_out, error);
}

static bool
grad_impl (MwTape *tape, MwTensor *output, MwTensor *grad_output,
           MwTensor *const *inputs, int n_inputs, bool create_graph, bool consume,
           guint first, MwTensor **grads_out, const char **error)
{
  /* The epoch tells this call's marks from earlier calls' without clearing them. */
  uint32_t epoch = (uint32_t) g_atomic_int_add ((gint *) &grad_epoch_counter, 1) + 1;

  /* Post-order DFS over recorded temporaries: every tensor comes after its inputs. A
   * tensor is relevant (gets a grad slot) if it is an input or leads to one. */
  GPtrArray *order = g_ptr_array_new ();
  GArray *stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  if (output->node != NULL)
    {
      Frame f = { output, 0 };
      output->grad_epoch = epoch;
      output->grad_slot = -1;
      g_array_append_val (stack, f);
    }
  while (stack->len > 0)
    {
      Frame *f = &g_array_index (stack, Frame, stack->len - 1);
      MwNode *node = f->t->node;
      if (f->next_child < node->n_inputs)
        {
          MwTensor *child = node->inputs[f->next_child++];
          if (child->node != NULL && child->tape == tape && child->grad_epoch != epoch)
            {
              child->grad_epoch = epoch;
              child->grad_slot = -1;
              Frame nf = { child, 0 };
              g_array_append_val (stack, nf);
            }
          continue;
        }
      MwTensor *t = f->t;
      g_array_set_size (stack, stack->len - 1);
      bool relevant = input_index (t, inputs, n_inputs) >= 0;
      for (int i = 0; i < node->n_inputs && !relevant; i++)
        {
          MwTensor *c = node->inputs[i];
          if (c->node != NULL && c->tape == tape)
            relevant = c->grad_slot >= 0;
          else
            relevant = input_index (c, inputs, n_inputs) >= 0;
        }
      if (relevant)
        {
          t->grad_slot = (int) order->len;
          g_ptr_array_add (order, t);
        }
    }
  g_array_free (stack, TRUE);
  /* Newest first, as they were made, rather than in the search's order: each
   * gradient is then used soon after it is made, and a consuming pass releases the
   * forward tensors of the last steps before it reaches the first ones (the search's
   * order can keep the gradients of many steps alive at once). */
  g_ptr_array_sort (order, compare_creation);
  for (guint k = 0; k < order->len; k++)
    ((MwTensor *) order->pdata[k])->grad_slot = (int) k;

  bool output_is_input = input_index (output, inputs, n_inputs) >= 0;
  if (order->len == 0 && !output_is_input)
    {
      g_ptr_array_free (order, TRUE);
      if (error != NULL)
        *error = "mw_grad: the output does not depend on any of the inputs through "
                 "recorded operations (was recording off, or no input requires grad?)";
      /* Still well-defined: all gradients are zero. */
      for (int i = 0; i < n_inputs; i++)
        grads_out[i] = mw_tape_zeros (tape, inputs[i]->ndim, inputs[i]->shape);
      return false;
    }

  bool old_recording = mw_tape_set_recording (tape, create_graph);
  MwTensor **slot_grads = g_new0 (MwTensor *, order->len + 1);
  MwTensor **leaf_grads = g_new0 (MwTensor *, n_inputs);

  MwTensor *seed = grad_output;
  if (seed == NULL)
    {
      seed = mw_tape_tensor (tape, output->ndim, output->shape);
      for (size_t i = 0; i < seed->numel; i++)
        seed->data[i] = 1.0f;
    }

  /* Where the gradient of tensor t accumulates. */
#define GRAD_CELL(t) \
  (((t)->node != NULL && (t)->tape == tape && (t)->grad_epoch == epoch && (t)->grad_slot >= 0) \
     ? &slot_grads[(t)->grad_slot] \
     : (input_index ((t), inputs, n_inputs) >= 0 ? &leaf_grads[input_index ((t), inputs, n_inputs)] : NULL))

  /* Consuming: every buffer the remaining nodes read (saved inputs beyond n_inputs
   * too) is counted once per node; the output, the inputs and the seed are never
   * released. */
  /* A pass inside another consuming pass (a node's backward differentiating its own
   * small graph) keeps counts of its own. */
  Uses *outer = tape->consuming;
  Uses uses = { tape, tape->use_counts, tape->use_counts_len, first };
  if (outer != NULL)
    uses.count = NULL, uses.len = 0;
  if (consume)
    {
      if (uses.len > 0)
        memset (uses.count, 0, sizeof (int) * uses.len);
      for (guint k = 0; k < order->len; k++)
        {
          MwNode *node = ((MwTensor *) order->pdata[k])->node;
          for (int i = 0; i < MW_NODE_MAX_INPUTS; i++)
            uses_take (&uses, node->inputs[i]);
          if (!node->op->output_unread)
            uses_take (&uses, node->out);
        }
      uses_take (&uses, output);
      uses_take (&uses, grad_output);
      for (int i = 0; i < n_inputs; i++)
        uses_take (&uses, inputs[i]);
      uses_take (&uses, seed);
    }

  MwTensor **cell = GRAD_CELL (output);
  if (cell != NULL)
    *cell = seed;

  for (int k = (int) order->len - 1; k >= 0; k--)
    {
      MwTensor *t = order->pdata[k];
      MwTensor *g = slot_grads[k];
      MwNode *node = t->node;
      bool needs[MW_NODE_MAX_INPUTS] = { false };
      MwTensor *gin[MW_NODE_MAX_INPUTS] = { NULL };
      bool any = false;
      for (int i = 0; g != NULL && i < node->n_inputs; i++)
        {
          needs[i] = GRAD_CELL (node->inputs[i]) != NULL;
          any |= needs[i];
        }
      guint made_from = tape->live->len;
      if (any)
        {
          tape->consuming = consume ? &uses : NULL;
          node->op->backward (tape, node, g, needs, gin);
          tape->consuming = NULL;
          for (int i = 0; i < node->n_inputs; i++)
            {
              if (gin[i] == NULL || !needs[i])
                continue;
              MwTensor **c = GRAD_CELL (node->inputs[i]);
              MwTensor *old = *c;
              *c = (old == NULL) ? gin[i] : mw_add (tape, old, gin[i]);
              if (consume)
                {
                  uses_take (&uses, *c);
                  uses_drop (&uses, old);
                }
            }
        }
      if (consume)
        {
          /* This node is done: what it read, and its output's gradient (unless an
           * input's, which is returned), are no longer needed by it. */
          for (int i = 0; i < MW_NODE_MAX_INPUTS; i++)
            uses_drop (&uses, node->inputs[i]);
          if (!node->op->output_unread)
            uses_drop (&uses, node->out);
          if (input_index (t, inputs, n_inputs) < 0 && g != NULL)
            {
              slot_grads[k] = NULL;
              uses_drop (&uses, g);
            }
          uses_collect (&uses, made_from);
        }
    }
#undef GRAD_CELL
  /* A non-consuming pass never touched the counts (a consuming pass nested inside
   * it may have moved the tape's array). */
  tape->consuming = outer;
  if (outer != NULL)
    g_free (uses.count);
  else if (consume)
    {
      tape->use_counts = uses.count;
      tape->use_counts_len = uses.len;
    }

  for (int i = 0; i < n_inputs; i++)
    {
      MwTensor *in = inputs[i];
      MwTensor *g = NULL;
      if (in->node != NULL && in->tape == tape && in->grad_epoch == epoch && in->grad_slot >= 0)
        g = slot_grads[in->grad_slot];
      else
        g = leaf_grads[i];
      grads_out[i] = g != NULL ? g : mw_tape_zeros (tape, in->ndim, in->shape);
    }

  mw_tape_set_recording (tape, old_recording);
  g_free (slot_grads);
  g_free (leaf_grads);
  g_ptr_array_free (order, TRUE);
  return true;
}
