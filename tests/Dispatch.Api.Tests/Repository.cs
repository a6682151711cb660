namespace Dispatch.Api.Tests;

public static class Repository
{
    /// <summary>The checkout the tests were built from (the folder holding WuyangPatrol.sln).</summary>
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WuyangPatrol.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    /// <summary>The API as build/test.sh built it, to run as a real process.</summary>
    public static string ApiDll()
    {
        var dll = Path.Combine(Root(), "src", "Dispatch.Api", "bin", "Debug", "net10.0", "Dispatch.Api.dll");
        Assert.True(File.Exists(dll), $"{dll} is built by build/test.sh before the tests");
        return dll;
    }
}
