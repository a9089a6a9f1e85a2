"""The recipe-choosing folds of BUSI's training images: every training image in exactly one fold, near-duplicate
frames in the same fold, no validation image anywhere, and each class spread over all folds."""
import json
import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import train_classification as C  # noqa: E402

GROUPS = os.path.join(C.DATA, "classification", "busi", "duplicate_groups.json")
pytestmark = pytest.mark.skipif(not os.path.exists(GROUPS), reason="needs ../shared/data/classification/busi")


def test_folds_keep_groups_together_and_validation_out():
    split = C.busi_split(C.SPECS["breast-ultrasound"]["classes"])
    folds = C.busi_cv_folds(split)
    assert len(folds) == len(split["train"]) and set(folds) == set(range(C.CV_FOLDS))
    fold_of = {rel: f for (rel, _), f in zip(split["train"], folds)}
    with open(GROUPS) as f:
        for group in json.load(f)["groups"]:
            assert len({fold_of[p] for p in group if p in fold_of}) <= 1, group
    assert not set(fold_of) & {rel for rel, _ in split["val"]}
    labels = np.array([c for _, c in split["train"]])
    for k in range(C.CV_FOLDS):
        counts = np.bincount(labels[folds == k], minlength=3)
        assert (counts >= 0.6 * np.bincount(labels) / C.CV_FOLDS).all(), (k, counts)
    assert (C.busi_cv_folds(split) == folds).all()
