using Dispatch.Domain.Reference;

namespace Dispatch.Api.Hosting;

/// <summary>Reads a county's data folder: the bundled Wuyang data unless Reference:DataDirectory names another.</summary>
public static class ReferenceDataFiles
{
    public static string ResolveDirectory(IConfiguration config) =>
        config["Reference:DataDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "data", "wuyang");

    public static ReferenceData Load(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Reference data folder '{directory}' does not exist.");
        return ReferenceData.Load(name => File.ReadAllText(Path.Combine(directory, name)));
    }
}
