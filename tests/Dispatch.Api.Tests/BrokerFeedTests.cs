using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dispatch.Api.Feed;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Incidents;
using Dispatch.Projections;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Dispatch.Api.Tests;

/// <summary>
/// The integration feed through a real RabbitMQ (the node build/test.sh starts): what a consumer receives, that a
/// crash between commit and publish loses nothing, and how long an event takes from the store to the consumer.
/// </summary>
public class BrokerFeedTests(ITestOutputHelper output)
{
    private static Dictionary<string, string?> BrokerSettings(string exchange) => new()
    {
        ["Feed:RabbitMq:Uri"] = TestBroker.Uri!.ToString(),
        ["Feed:RabbitMq:Exchange"] = exchange,
    };

    [RabbitMqFact]
    public async Task An_incident_reported_through_the_api_reaches_a_rabbitmq_consumer_as_cloudevents()
    {
        var exchange = TestBroker.NewExchange();
        await using var consumer = await BrokerConsumer.BindAsync(exchange);
        await using var api = await ApiHost.StartAsync(RiverTown.Write(), overrides: BrokerSettings(exchange));

        var spot = RiverTown.IncidentSpot;
        var response = await api.PostIncident(Incident.At(spot.Lat, spot.Lon, description: "张三在门口打架"));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted, $"{response.StatusCode}");
        var location = response.Headers.Location!.ToString();
        var incidentId = Guid.Parse((string)(await api.Json(response))["id"]!);
        await api.WaitFor(location, d => (string)d["status"]! == "dispatched");

        await using var session = api.Store.QuerySession();
        var stored = await session.Events.FetchStreamAsync(incidentId);
        var expected = await api.Services.GetRequiredService<FeedMapper>().MapAsync(stored, session, CancellationToken.None);
        Assert.Contains(expected, i => i.Contract == "incident.reported.v1");
        Assert.Contains(expected, i => i.Contract == "unit.dispatched.v1");

        var received = await consumer.WaitFor(r => expected.All(x => r.Any(d => d.MessageId == x.Event.Id)));
        foreach (var item in expected)
        {
            var e = stored.Single(s => s.Id.ToString() == item.Event.Id);
            var delivery = Assert.Single(received, d => d.MessageId == e.Id.ToString());
            Assert.Equal(item.Contract, delivery.RoutingKey);
            Assert.Equal("application/cloudevents+json", delivery.ContentType);
            Assert.True(delivery.Persistent, "the broker keeps the message on disk in a durable queue");
            var cloudEvent = delivery.Event;
            Assert.Equal(CloudNative.CloudEvents.CloudEventsSpecVersion.V1_0, cloudEvent.SpecVersion);
            Assert.Equal(e.Id.ToString(), cloudEvent.Id);
            Assert.Equal(new Uri("urn:wuyang-patrol:dispatch"), cloudEvent.Source);
            Assert.Equal("cn.wuyang.police." + item.Contract, cloudEvent.Type);
            Assert.Equal($"incidents/{incidentId}", cloudEvent.Subject);
            Assert.Equal("application/json", cloudEvent.DataContentType);
            Assert.Equal(e.Sequence, delivery.Sequence);
            var data = (JsonElement)cloudEvent.Data!;
            Assert.Equal(incidentId, data.GetProperty("incidentId").GetGuid());
            // The contracts carry no free text: the description (which names a person) stays home.
            Assert.DoesNotContain("张三", Encoding.UTF8.GetString(delivery.Body));
        }
        var reported = (IncidentReported)stored.Single(s => s.Data is IncidentReported).Data;
        var reportedEvent = Assert.Single(received, d => d.RoutingKey == "incident.reported.v1").Event;
        Assert.Equal(reported.OccurredAt.ToDateTimeOffset(), reportedEvent.Time);
        Assert.Equal(reported.Priority, ((JsonElement)reportedEvent.Data!).GetProperty("priority").GetInt32());
        Assert.Equal(reported.Zone.TargetSeconds, ((JsonElement)reportedEvent.Data!).GetProperty("targetSeconds").GetInt32());
    }

    [RabbitMqFact]
    public async Task Events_stored_while_the_broker_is_cut_off_arrive_after_the_process_is_killed_and_restarted()
    {
        var connection = await TestDatabase.ConnectionStringAsync();
        var schema = "tb_" + Guid.NewGuid().ToString("N")[..10];
        var exchange = TestBroker.NewExchange();
        var data = RiverTown.Write();
        await using var proxy = new TcpProxy("127.0.0.1", TestBroker.Uri!.Port);
        var environment = new Dictionary<string, string>
        {
            ["Feed__RabbitMq__Uri"] = $"amqp://guest:guest@127.0.0.1:{proxy.Port}/",
            ["Feed__RabbitMq__Exchange"] = exchange,
            ["Reference__DataDirectory"] = data,
            ["Dispatch__Durability"] = "Solo",
            ["Dispatch__ProjectionDaemon"] = "Solo",
            ["Dispatch__ResponseWaitMilliseconds"] = "0",
        };
        var logs = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var consumer = await BrokerConsumer.BindAsync(exchange);
        ApiProcess? first = await ApiProcess.StartAsync(connection, schema, environment, "first", logs);
        ApiProcess? second = null;
        try
        {
            var spot = RiverTown.IncidentSpot;
            async Task<Guid> Report(HttpClient client, int i)
            {
                var response = await client.PostAsJsonAsync("/incidents", Incident.At(spot.Lat, spot.Lon, priority: 1 + i % 4));
                Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted, $"{response.StatusCode}");
                return Guid.Parse((string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!);
            }

            // The path works: a first report arrives.
            var before = await Report(first!.Client, 0);
            await consumer.WaitFor(r => r.Any(d => d.Event.Subject == $"incidents/{before}"));
            Assert.Contains(consumer.Received, d => d.Event.Subject == $"incidents/{before}");

            // The broker is unreachable; reports are committed, and the subscription stores their CloudEvents in the outbox.
            proxy.Cut();
            var during = new List<Guid>();
            for (var i = 1; i <= 6; i++) during.Add(await Report(first.Client, i));
            var (stored, outbox) = await WaitForOutbox(connection, schema);
            output.WriteLine($"before the kill: subscription at the head of the store ({stored}), {outbox} messages waiting in the outbox");
            Assert.True(outbox > 0, "the CloudEvents of the reports made while the broker was cut off are in the outbox");
            Assert.DoesNotContain(consumer.Received, d => during.Any(id => d.Event.Subject == $"incidents/{id}"));

            // More reports, and the process is killed as soon as they are committed: no shutdown, nothing flushed. The
            // subscription polls, so it has most likely not even read these when the process dies.
            for (var i = 7; i <= 9; i++) during.Add(await Report(first.Client, i));
            first.Dispose();
            first = null;
            var (head, progress) = await HeadAndProgress(connection, schema);
            output.WriteLine($"at the kill: store at {head}, subscription at {progress}" +
                             (progress < head ? " (committed events the subscription had not read yet)" : ""));
            proxy.Restore();
            second = await ApiProcess.StartAsync(connection, schema, environment, "second", logs);
            var after = await Report(second.Client, 10);

            var expected = await ExpectedFeed(connection, schema, data);
            var received = await consumer.WaitFor(r => expected.All(x => r.Any(d => d.Event.Id == x.Event.Id)));
            var distinct = received.DistinctBy(d => d.Event.Id).ToList();
            output.WriteLine($"{expected.Count} CloudEvents expected, {received.Count} deliveries, {distinct.Count} distinct ids");
            foreach (var missing in expected.Where(x => distinct.All(d => d.Event.Id != x.Event.Id)))
                output.WriteLine($"missing: {missing.Sequence} {missing.Contract} {missing.Event.Subject}");
            output.WriteLine("first arrivals by sequence: " + string.Join(" ", distinct.Select(d => d.Sequence)));
            Assert.Equal(expected.Select(x => x.Event.Id).Order(), distinct.Select(d => d.Event.Id!).Order());
            Assert.Contains(distinct, d => d.Event.Subject == $"incidents/{after}");
            Assert.All(during, id => Assert.Contains(distinct, d => d.Event.Subject == $"incidents/{id}" && d.RoutingKey == "incident.reported.v1"));
            // After dedupe by id, sorting by the sequence attribute restores the store's order exactly.
            Assert.Equal(expected.Select(x => x.Sequence), distinct.Select(d => d.Sequence).Order());
            Assert.All(distinct, d => Assert.Equal(d.Event.Id, d.MessageId));
        }
        catch
        {
            foreach (var line in logs.Where(l => l.Contains("ERR") || l.Contains("WRN") || l.Contains("rabbit", StringComparison.OrdinalIgnoreCase)).Take(60))
                output.WriteLine(line);
            throw;
        }
        finally
        {
            first?.Dispose();
            second?.Dispose();
        }
    }

    /// <summary>Waits until the broker subscription has passed every stored event and the outbox holds messages.</summary>
    private static async Task<(long Head, long Outbox)> WaitForOutbox(string connection, string schema)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var query = new NpgsqlCommand(
                $"""
                 select (select max(seq_id) from {schema}.mt_events),
                        (select coalesce(max(last_seq_id), 0) from {schema}.mt_event_progression where name like '{FeedBrokerSubscription.Name}%'),
                        (select count(*) from {schema}.wolverine_outgoing_envelopes)
                 """, db);
            await using var reader = await query.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (head, progress, outbox) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            if ((progress >= head && outbox > 0) || DateTime.UtcNow > deadline) return (head, outbox);
            await reader.DisposeAsync();
            await Task.Delay(100);
        }
    }

    private static async Task<(long Head, long Progress)> HeadAndProgress(string connection, string schema)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var query = new NpgsqlCommand(
            $"""
             select (select max(seq_id) from {schema}.mt_events),
                    (select coalesce(max(last_seq_id), 0) from {schema}.mt_event_progression where name like '{FeedBrokerSubscription.Name}%')
             """, db);
        await using var reader = await query.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>What the feed must carry: every stored event the mapper turns into a contract, in sequence order.</summary>
    private static async Task<IReadOnlyList<FeedItem>> ExpectedFeed(string connection, string schema, string data)
    {
        await using var store = DocumentStore.For(o => o.ConfigureDispatchStore(connection, schema));
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
        return await new FeedMapper(ReferenceDataFiles.Load(data)).MapAsync(events, session, CancellationToken.None);
    }

    [RabbitMqFact]
    public async Task Append_to_delivery_latency_through_rabbitmq_is_measured()
    {
        const int reports = 200;
        var exchange = TestBroker.NewExchange();
        var settings = BrokerSettings(exchange);
        settings["Dispatch:ResponseWaitMilliseconds"] = "0";
        await using var consumer = await BrokerConsumer.BindAsync(exchange);
        await using var api = await ApiHost.StartAsync(RiverTown.Write(), overrides: settings);

        var spot = RiverTown.IncidentSpot;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < reports; i++)
            Assert.True((await api.PostIncident(Incident.At(spot.Lat, spot.Lon, priority: 1 + i % 4))).IsSuccessStatusCode);
        // Dispatch runs after the reports' answers; wait until the store stops growing and everything mapped has arrived.
        List<IEvent> events = [];
        IReadOnlyList<FeedItem> expected = [];
        var received = consumer.Received.ToList();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            await using var session = api.Store.QuerySession();
            var now = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
            var stable = now.Count == events.Count;
            events = now.ToList();
            expected = await api.Services.GetRequiredService<FeedMapper>().MapAsync(events, session, CancellationToken.None);
            received = consumer.Received.ToList();
            if (stable && expected.All(x => received.Any(d => d.Event.Id == x.Event.Id))) break;
            await Task.Delay(500);
        }
        Assert.Equal(expected.Select(x => x.Event.Id).Order(), received.Select(d => d.Event.Id!).Distinct().Order());

        // From the append (mt_events.timestamp, the database's clock on this machine) to the consumer's callback.
        var appended = events.ToDictionary(e => e.Id.ToString(), e => e.Timestamp);
        var latencies = received.Select(d => (d.ReceivedAt - appended[d.Event.Id!]).TotalMilliseconds).Order().ToList();
        double Percentile(double p) => latencies[(int)Math.Ceiling(p * latencies.Count) - 1];
        // Sequence numbers taken by transactions that rolled back (dispatch retries on a busy unit) leave gaps; the daemon
        // holds its high-water mark at a gap until the gap is old enough (Marten's StaleSequenceThreshold).
        var gaps = events[^1].Sequence - events[0].Sequence + 1 - events.Count;
        output.WriteLine($"{events.Count} events stored, {gaps} sequence gaps");
        output.WriteLine($"{reports} reports, {latencies.Count} CloudEvents through RabbitMQ in {clock.Elapsed.TotalSeconds:F1} s: " +
                         $"append-to-delivery p50 {Percentile(0.50):F0} ms, p99 {Percentile(0.99):F0} ms, max {latencies[^1]:F0} ms");
    }
}
