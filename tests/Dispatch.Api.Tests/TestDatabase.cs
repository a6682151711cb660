using Testcontainers.PostgreSql;

namespace Dispatch.Api.Tests;

/// <summary>
/// The real PostgreSQL the tests run against: the one build/test.sh started (WUYANG_CONNECTION_STRING),
/// or, where a Docker engine exists, a Testcontainers PostgreSQL 15.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<Task<string>> Connection = new(ResolveAsync);
    private static PostgreSqlContainer? _container;

    public static Task<string> ConnectionStringAsync() => Connection.Value;

    private static async Task<string> ResolveAsync()
    {
        if (Environment.GetEnvironmentVariable("WUYANG_CONNECTION_STRING") is { Length: > 0 } given) return given;
        if (Environment.GetEnvironmentVariable("WUYANG_USE_TESTCONTAINERS") == "1")
        {
            _container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await _container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => _container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return _container.GetConnectionString();
        }
        throw new InvalidOperationException(
            "No PostgreSQL for the tests: run them with build/test.sh, which starts one, or set WUYANG_CONNECTION_STRING.");
    }
}
