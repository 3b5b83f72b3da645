namespace LeakFinder.Runtime.GcTrace;

/// <summary>A robust trend of a series: Theil-Sen slope and the Mann-Kendall test of a monotonic trend.</summary>
public readonly record struct TrendResult(double Slope, double Intercept, double MannKendallS, double Z, double IncreaseConfidence, int Points);

/// <summary>
/// Robust trend statistics. Theil-Sen (median of pairwise slopes) shrugs off a quarter of outliers, which a
/// least-squares fit of GC samples does not (one forced GC after a big batch job moves it); Mann-Kendall
/// says how sure we are the series rises at all, with the tie correction integer-MB gctrace values need.
/// Both are O(n²): longer series are thinned evenly to <see cref="MaxPoints"/>.
/// </summary>
public static class Trend
{
    public const int MaxPoints = 1500;

    public static TrendResult Of(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var (xs, ys) = Thin(x, y);
        var n = xs.Length;
        if (n < 2) return new TrendResult(0, n == 1 ? ys[0] : 0, 0, 0, 0.5, n);

        var slopes = new List<double>(n * (n - 1) / 2);
        double s = 0;
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
            {
                var dy = ys[j] - ys[i];
                s += Math.Sign(dy) * Math.Sign(xs[j] - xs[i]);
                var dx = xs[j] - xs[i];
                if (dx != 0) slopes.Add(dy / dx);
            }
        var slope = slopes.Count == 0 ? 0 : Median(slopes);
        var residuals = new double[n];
        for (var i = 0; i < n; i++) residuals[i] = ys[i] - slope * xs[i];
        var intercept = Median(residuals);

        var variance = (n * (n - 1.0) * (2 * n + 5) - TieTerm(ys)) / 18.0;
        var z = variance <= 0 ? 0 : s > 0 ? (s - 1) / Math.Sqrt(variance) : s < 0 ? (s + 1) / Math.Sqrt(variance) : 0;
        return new TrendResult(slope, intercept, s, z, NormalCdf(z), n);
    }

    private static (double[] X, double[] Y) Thin(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var n = x.Count;
        var m = Math.Min(n, MaxPoints);
        var xs = new double[m];
        var ys = new double[m];
        for (var i = 0; i < m; i++)
        {
            var k = m == n ? i : (int)((long)i * (n - 1) / (m - 1));
            xs[i] = x[k];
            ys[i] = y[k];
        }
        return (xs, ys);
    }

    // Σ t(t-1)(2t+5) over groups of t equal values.
    private static double TieTerm(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        double sum = 0;
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j < sorted.Length && sorted[j] == sorted[i]) j++;
            double t = j - i;
            sum += t * (t - 1) * (2 * t + 5);
            i = j;
        }
        return sum;
    }

    public static double Median(IList<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Φ(z), the standard normal CDF (Abramowitz and Stegun 7.1.26, error below 1.5e-7).</summary>
    public static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + 0.3275911 * x);
        var erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
