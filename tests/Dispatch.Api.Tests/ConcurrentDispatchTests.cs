using System.Net;
using System.Text.Json.Nodes;
using Dispatch.Domain.Units;
using Marten;

namespace Dispatch.Api.Tests;

public class ConcurrentDispatchTests : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async Task InitializeAsync() => _api = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Simultaneous_incidents_never_take_one_unit_twice()
    {
        var units = (await _api.GetJson("/units")).AsArray().Count;
        var incidents = units + 8;
        // All at one spot, so every dispatch wants the same nearest unit at the same moment.
        var responses = await Task.WhenAll(Enumerable.Range(0, incidents).Select(i =>
            _api.PostIncident(Incident.At(33.4456646, 113.6189944, description: $"并发第{i}起"))));

        // 201 carries the decision; on a loaded machine a report may answer 202 first and decide a moment later.
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted, $"{r.StatusCode}"));
        var bodies = await Task.WhenAll(responses.Select(r => _api.WaitFor(r.Headers.Location!.OriginalString,
            d => d["decisions"]!.AsArray().Count > 0)));
        var chosen = bodies.Select(b => (string?)b["decisions"]![0]!["chosenUnitId"]).ToList();

        Assert.Equal(units, chosen.Count(c => c is not null));
        Assert.Equal(units, chosen.Where(c => c is not null).Distinct().Count());
        Assert.Equal(incidents - units, bodies.Count(b => (string)b["status"]! == "awaiting-unit"));

        // The unit streams agree: one assignment each.
        await using var session = _api.Store.QuerySession();
        foreach (var unit in chosen.Where(c => c is not null))
        {
            var stream = await session.Events.FetchStreamAsync(Guid.Parse(unit!));
            Assert.Single(stream, e => e.Data is UnitAssigned);
        }
        var board = (await _api.GetJson("/units")).AsArray();
        Assert.All(board, u => Assert.Equal("assigned", (string)u!["status"]!));
        Assert.Equal(chosen.Where(c => c is not null).Order(), board.Select(u => (string)u!["id"]!).Order());
    }
}
