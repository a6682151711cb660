using System.Globalization;

namespace Bench;

/// <summary>
/// The measured figures of one run, one "name value" line each in $BENCH_OUT/metrics.txt, appended by each step so a
/// failed step loses only its own figures; the rows command turns them into table rows.
/// </summary>
public static class Metrics
{
    public static void Write(string file, string name, double value)
    {
        var line = $"{name} {value.ToString("0.###", CultureInfo.InvariantCulture)}";
        Console.WriteLine($"bench: {line}");
        File.AppendAllText(file, line + "\n");
    }

    public static Dictionary<string, double> Read(string file) =>
        File.Exists(file)
            ? File.ReadLines(file)
                .Select(l => l.Split(' ', 2))
                .Where(p => p.Length == 2)
                .GroupBy(p => p[0])
                .ToDictionary(g => g.Key, g => double.Parse(g.Last()[1], CultureInfo.InvariantCulture))
            : [];
}
