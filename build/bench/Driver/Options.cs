using System.Globalization;

namespace Bench;

/// <summary>"--name value" arguments, with defaults; tokens come from the environment (DISPATCHER_TOKEN, INTEGRATOR_TOKEN).</summary>
public sealed class Options(string[] args)
{
    public string Text(string name, string? fallback = null) =>
        args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault() ?? fallback
        ?? throw new ArgumentException($"--{name} is required");

    public int Number(string name, int fallback) =>
        args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string name) => args.Contains("--" + name);

    /// <summary>Everything after a lone "--": a command line to start.</summary>
    public string[] Rest => args.SkipWhile(a => a != "--").Skip(1).ToArray();

    public static string Env(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : throw new ArgumentException($"{name} is not set");
}
