using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Dispatch.Api.Tests;

/// <summary>
/// Every asynchronous projection registered in the store, rebuilt over a multi-day history driven through the API,
/// equals what the daemon built live, document for document (raw JSON). New async projections are picked up unasked.
/// </summary>
public class RebuildTests(ITestOutputHelper output)
{
    private static IReadOnlyList<(string Name, IReadOnlyList<Type> Documents)> AsyncProjections(IDocumentStore store) =>
        ((DocumentStore)store).Options.Projections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Async)
            .Select(p => (p.Name, (IReadOnlyList<Type>)p.PublishedTypes().Distinct().ToList())).ToList();

    /// <summary>Every document of the types, as the database stores them: table, id and data text.</summary>
    private static async Task<SortedDictionary<string, string>> Snapshot(IDocumentStore store, IEnumerable<Type> documents)
    {
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await connection.OpenAsync();
        foreach (var type in documents)
        {
            var table = store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName;
            await using var command = new NpgsqlCommand($"select id::text, data::text from {table}", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows[$"{table}/{reader.GetString(0)}"] = reader.GetString(1);
        }
        return rows;
    }

    private static async Task Wipe(IDocumentStore store, IEnumerable<Type> documents)
    {
        await using var connection = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await connection.OpenAsync();
        foreach (var type in documents)
        {
            await using var command = new NpgsqlCommand($"delete from {store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName}", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Every_async_projection_rebuilt_over_days_of_history_equals_the_live_one_document_for_document()
    {
        await using var api = await ApiHost.StartAsync();
        await AuditHistory.DriveDays(api, days: 3);
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var projections = AsyncProjections(api.Store);
        Assert.NotEmpty(projections);
        var daemon = api.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        foreach (var (name, documents) in projections)
        {
            Assert.True(documents.Count > 0, $"{name} publishes no document types to compare");
            var live = await Snapshot(api.Store, documents);
            Assert.True(live.Count > 0, $"{name} built no documents from the history");

            // Emptied first, so every document compared afterwards is the rebuild's own work.
            await Wipe(api.Store, documents);
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(2), CancellationToken.None);
            var rebuilt = await Snapshot(api.Store, documents);
            Assert.Equal(live.Keys, rebuilt.Keys);
            foreach (var (key, json) in live) Assert.True(rebuilt[key] == json, $"{name}: {key} differs after the rebuild");
            output.WriteLine($"{name}: {live.Count} documents equal after the rebuild");
        }
    }

    [Fact]
    public async Task The_projections_rebuild_verb_rebuilds_a_named_projection_as_a_real_process()
    {
        string schema;
        SortedDictionary<string, string> live;
        IReadOnlyList<Type> documents;
        await using (var api = await ApiHost.StartAsync())
        {
            await AuditHistory.DriveDays(api, days: 2, incidentsPerDay: 2);
            await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
            schema = api.Schema;
            documents = AsyncProjections(api.Store).Single(p => p.Name == Projections.HashChain.ProjectionName).Documents;
            live = await Snapshot(api.Store, documents);
        }

        // The documents are gone before the verb runs, so what it leaves behind is its own work.
        var connection = await TestDatabase.ConnectionStringAsync();
        await using var store = DocumentStore.For(o => Projections.MartenConfiguration.ConfigureDispatchStore(o, connection, schema));
        await Wipe(store, documents);
        Assert.Empty(await Snapshot(store, documents));
        var (exitCode, text) = await AuditHistory.RunVerb(schema, "projections", "rebuild", "-p", Projections.HashChain.ProjectionName);
        output.WriteLine(text);
        Assert.True(exitCode == 0, text);

        var rebuilt = await Snapshot(store, documents);
        Assert.Equal(live.Keys, rebuilt.Keys);
        foreach (var (key, json) in live) Assert.True(rebuilt[key] == json, $"{key} differs after the rebuild verb");
    }
}
