namespace Dispatch.Api.Tests;

/// <summary>One API host on the bundled Wuyang data, shared by the tests that only read or add their own incidents.</summary>
public sealed class WuyangFixture : IAsyncLifetime
{
    public ApiHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition("wuyang")]
public sealed class WuyangCollection : ICollectionFixture<WuyangFixture>;
