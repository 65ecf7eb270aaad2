"""Each algorithm's update equations as LaTeX, for ``dcc.Markdown(mathjax=True)``: the same equations the
engine's docstrings state in text (ch. 9, 11, 12, 13 and the modern methods' papers)."""

from __future__ import annotations

import surface

EQUATIONS: dict[str, str] = {
    "sdbp": r"$$x_{k+1} = x_k - \alpha\,\nabla F(x_k)$$",
    "sgd": r"$$\text{for } q \text{ in a shuffled order:}\quad x \leftarrow x - \alpha\,\nabla (t_q - a_q)^2$$",
    "mobp": (
        r"$$\Delta x_k = \gamma\,\Delta x_{k-1} - (1-\gamma)\,\alpha\,\nabla F(x_k)$$"
        "\n$$"
        r"x_{k+1} = x_k + \Delta x_k$$"
    ),
    "vlbp": (
        r"$$\Delta x = \gamma\,\Delta x_{k-1} - (1-\gamma)\,\alpha\,\nabla F(x_k)$$"
        "\n\n"
        r"F rises by more than $\zeta$: reject, $\alpha \leftarrow \rho\alpha$, $\gamma \leftarrow 0$. "
        r"F falls: accept, $\alpha \leftarrow \eta\alpha$. Otherwise accept, $\alpha$ unchanged."
    ),
    "cgbp": (
        r"$$x_{k+1} = x_k + a_k p_k$$"
        "\n"
        r"$$p_{k+1} = -\nabla F(x_{k+1}) + \beta_{k+1} p_k$$"
        "\n\n"
        r"$a_k$ minimises $F(x_k + a\,p_k)$ (interval location, golden section); "
        r"$\beta^{FR}_{k+1} = \dfrac{g_{k+1}^T g_{k+1}}{g_k^T g_k}$, restart along $-g$ every $n$ steps."
    ),
    "lmbp": (
        r"$$\Delta x_k = -\left(J^T J + \mu_k I\right)^{-1} J^T e$$"
        "\n\n"
        r"F falls: take the step, $\mu \leftarrow \mu/\theta$. Otherwise $\mu \leftarrow \mu\theta$ and solve again."
    ),
    "newton": r"$$x_{k+1} = x_k - H(x_k)^{-1}\,\nabla F(x_k)$$",
    "nesterov": r"$$v_{k+1} = \gamma v_k - \alpha\,\nabla F(x_k + \gamma v_k)$$" "\n" r"$$x_{k+1} = x_k + v_{k+1}$$",
    "rmsprop": (
        r"$$s_{k+1} = \rho\, s_k + (1-\rho)\,\nabla F(x_k)^2$$"
        "\n$$"
        r"x_{k+1} = x_k - \frac{\alpha\,\nabla F(x_k)}{\sqrt{s_{k+1}} + \varepsilon}$$"
    ),
    "adam": (
        r"$$m_{k+1} = \beta_1 m_k + (1-\beta_1)\nabla F$$"
        "\n"
        r"$$s_{k+1} = \beta_2 s_k + (1-\beta_2)\nabla F^2$$"
        "\n\n"
        r"$$x_{k+1} = x_k - \frac{\alpha\,\hat m}{\sqrt{\hat s} + \varepsilon}$$"
        "\n"
        r"$$\hat m = \frac{m_{k+1}}{1-\beta_1^{k+1}},\ \hat s = \frac{s_{k+1}}{1-\beta_2^{k+1}}$$"
    ),
    "br": (
        r"$$G = \beta E_D + \alpha E_W$$"
        "\n$$"
        r"\Delta x = -\left(2\beta J^T J + 2\alpha I + \mu I\right)^{-1}\left(2\beta J^T e + 2\alpha x\right)$$"
        "\n\n"
        r"$$\gamma = N - 2\alpha\,\mathrm{tr}\,H^{-1},\quad \alpha \leftarrow \frac{\gamma}{2E_W},\quad "
        r"\beta \leftarrow \frac{n-\gamma}{2E_D}$$"
    ),
}

assert set(EQUATIONS) == set(surface.ALGORITHMS), "one set of equations per algorithm"
