"""The trigger model's fit gives what statsmodels' own OLS fit gives."""

from __future__ import annotations

import numpy as np
from statsmodels.regression.linear_model import OLS

from painlog.analysis.triggers import _ols


def test_the_fit_from_the_square_system_matches_statsmodels_fit() -> None:
    rng = np.random.default_rng(2)
    design = np.column_stack([np.ones(300), rng.random((300, 12)) < 0.3])
    y = design @ rng.normal(size=13) + rng.normal(size=300)
    ours, theirs = _ols(y, design.astype(float)), OLS(y, design, hasconst=True).fit(use_t=True)
    for name in ("params", "bse", "pvalues"):
        assert np.allclose(getattr(ours, name), getattr(theirs, name)), name
    assert np.allclose(ours.conf_int(alpha=0.05), theirs.conf_int(alpha=0.05))
    assert ours.df_resid == theirs.df_resid == 300 - 13
