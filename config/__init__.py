import os

# numpy's BLAS would start a thread per core for every small matrix product (ranking
# past learning by meaning, learning/vectors.py); beside gunicorn's and Celery's own
# processes those threads fight for the cores and a 2 ms product took 30 ms. One thread
# per process; set before anything imports numpy.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from config.celery import app as celery_app  # noqa: E402

__all__ = ["celery_app"]
