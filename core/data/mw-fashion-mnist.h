/* mw-fashion-mnist.h: Fashion-MNIST's class split and where Debian puts its files (the
 * loader is the data table's row, mw_fashion_mnist_load_data in mw-data-kind.h). */
#pragma once

#include <glib.h>

/* The folder of the Debian package, used when the path setting is empty. */
#define MW_FASHION_MNIST_DIR "/usr/share/datasets/fashion-mnist"
#define MW_FASHION_MNIST_PACKAGE "dataset-fashion-mnist"
/* Classes on each side of the split. */
#define MW_FASHION_MNIST_SPLIT 5

/* The name of label 0–9 ("T-shirt or top", "Trouser", …); NULL for another. */
const char *mw_fashion_mnist_class_name (int label);
/* The MW_FASHION_MNIST_SPLIT labels of the training (test FALSE) or test classes. */
const int *mw_fashion_mnist_split (gboolean test);
