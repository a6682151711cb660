using System.Net;
using Npgsql;

namespace Dispatch.Api.Tests;

public class StoreOutageTests : IAsyncLifetime
{
    private TcpProxy _proxy = null!;
    private ApiHost _api = null!;

    public async Task InitializeAsync()
    {
        var real = new NpgsqlConnectionStringBuilder(await TestDatabase.ConnectionStringAsync());
        _proxy = new TcpProxy("127.0.0.1", real.Port);
        _api = await ApiHost.StartAsync(RiverTown.Write(), connection =>
            new NpgsqlConnectionStringBuilder(connection) { Host = "127.0.0.1", Port = _proxy.Port, Timeout = 3 }.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        _proxy.Restore();
        await _api.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task With_the_database_gone_a_report_is_a_503_problem_and_after_it_returns_the_same_report_succeeds_once()
    {
        var spot = RiverTown.IncidentSpot;
        Assert.Equal(HttpStatusCode.Created, (await _api.PostIncident(Incident.At(spot.Lat, spot.Lon))).StatusCode);

        _proxy.Cut();
        var id = Guid.CreateVersion7();
        var during = await _api.PostIncident(Incident.At(spot.Lat, spot.Lon, id: id));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal("application/problem+json", during.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(during.Headers.RetryAfter);

        _proxy.Restore();
        HttpResponseMessage after;
        var tries = 0;
        // A pooled connection broken by the cut may fail once more before the pool notices.
        do after = await _api.PostIncident(Incident.At(spot.Lat, spot.Lon, id: id));
        while (after.StatusCode == HttpStatusCode.ServiceUnavailable && ++tries < 5);

        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        var events = await _api.GetJson($"/incidents/{id}/events");
        Assert.Single(events.AsArray(), e => (string)e!["type"]! == "incident_reported.v1");
    }
}
