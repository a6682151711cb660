using Marten.Events;
using Npgsql;

namespace Dispatch.Api.Tests;

/// <summary>Tamper evidence: rows of mt_events edited or deleted behind the API's back are found by the verify endpoint and verb.</summary>
public class HashChainTests
{
    private static async Task<int> Sql(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task An_edited_event_row_is_reported_as_altered_and_a_deleted_one_as_missing()
    {
        await using var api = await ApiHost.StartAsync();
        await AuditHistory.DriveDays(api, days: 1, incidentsPerDay: 2);
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var clean = await api.GetJson("/audit/verify");
        Assert.True((bool)clean["intact"]!, clean.ToJsonString());
        var events = (await api.GetJson("/audit/events?limit=1000"))["events"]!.AsArray();
        Assert.Equal((long)events[^1]!["sequence"]!, (long)clean["chainedThrough"]!);
        Assert.Equal(events.Count, (long)clean["linksChecked"]!);

        // An incident's report gets another actor; a later status event disappears.
        var edited = events.First(e => (string)e!["type"]! == "incident_reported.v1")!;
        var deleted = events.Last(e => (string)e!["type"]! == "unit_cleared.v1")!;
        var (editedSequence, deletedSequence) = ((long)edited["sequence"]!, (long)deleted["sequence"]!);
        Assert.True(editedSequence < deletedSequence);
        Assert.Equal(1, await Sql($$"""update "{{api.Schema}}".mt_events set data = jsonb_set(data, '{actor}', '"someone-else"') where seq_id = @seq""",
            ("seq", editedSequence)));
        Assert.Equal(1, await Sql($"""delete from "{api.Schema}".mt_events where seq_id = @seq""", ("seq", deletedSequence)));

        var altered = await api.GetJson("/audit/verify");
        Assert.False((bool)altered["intact"]!);
        Assert.Equal(editedSequence, (long)altered["firstProblem"]!["sequence"]!);
        Assert.Equal("altered", (string)altered["firstProblem"]!["kind"]!);
        Assert.Equal((string)edited["streamId"]!, (string)altered["firstProblem"]!["streamId"]!);
        Assert.Contains(altered["firstProblem"]!["differences"]!.AsArray(), d => ((string)d!).StartsWith("data"));

        // The command-line verb, as a real process against the same schema, says the same and fails.
        var (exitCode, output) = await AuditHistory.RunVerb(api.Schema, "verify-chain");
        Assert.True(exitCode == 3, output);
        Assert.Contains($"sequence {editedSequence}, kind altered", output);

        // The edit undone (jsonb keeps no formatting, so the same value is the same row), the deletion is next.
        Assert.Equal(1, await Sql($$"""update "{{api.Schema}}".mt_events set data = jsonb_set(data, '{actor}', to_jsonb(@actor::text)) where seq_id = @seq""",
            ("seq", editedSequence), ("actor", (string)edited["actor"]!)));
        var missing = await api.GetJson("/audit/verify");
        Assert.Equal(deletedSequence, (long)missing["firstProblem"]!["sequence"]!);
        Assert.Equal("missing", (string)missing["firstProblem"]!["kind"]!);
        Assert.Equal("unit_cleared.v1", (string)missing["firstProblem"]!["type"]!);
    }

    [Fact]
    public async Task An_intact_store_verifies_clean_from_the_command_line()
    {
        string schema;
        await using (var api = await ApiHost.StartAsync())
        {
            await AuditHistory.DriveDays(api, days: 1, incidentsPerDay: 1);
            await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
            schema = api.Schema;
        }
        var (exitCode, output) = await AuditHistory.RunVerb(schema, "verify-chain");
        Assert.True(exitCode == 0, output);
        Assert.Contains("The hash chain is intact through sequence", output);
    }

    [Fact]
    public async Task A_hole_left_by_a_rolled_back_transaction_is_no_tampering_but_a_row_put_into_it_later_is()
    {
        await using var api = await ApiHost.StartAsync();
        await AuditHistory.DriveDays(api, days: 1, incidentsPerDay: 1);
        long hole;
        // A writer takes sequence numbers and rolls back, as a failed append does: they stay unused for ever.
        await using (var connection = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync()))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var take = new NpgsqlCommand($"select max(nextval('\"{api.Schema}\".mt_events_sequence')) from generate_series(1, 3)", connection, transaction);
            hole = (long)(await take.ExecuteScalarAsync())!;
            await transaction.RollbackAsync();
            // And a hole filled the way Marten fills one after a failed append: a tombstone row, not an event.
            await using var tombstone = new NpgsqlCommand($$"""
                insert into "{{api.Schema}}".mt_streams (id, version, tenant_id) values (@stream, 0, '*DEFAULT*') on conflict do nothing;
                insert into "{{api.Schema}}".mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
                select s, gen_random_uuid(), @stream, s, '{}', 'tombstone', '-infinity', '*DEFAULT*', 'JasperFx.Events.Tombstone, JasperFx.Events'
                from nextval('"{{api.Schema}}".mt_events_sequence') s;
                """, connection);
            tombstone.Parameters.AddWithValue("stream", Guid.Parse("763f13db-7991-4c89-83f4-2ee4c7ec6084"));
            await tombstone.ExecuteNonQueryAsync();
        }
        await AuditHistory.DriveDays(api, days: 1, incidentsPerDay: 1);
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var report = await api.GetJson("/audit/verify");
        Assert.True((bool)report["intact"]!, report.ToJsonString());
        var events = (await api.GetJson("/audit/events?limit=1000"))["events"]!.AsArray();
        var sequences = events.Select(e => (long)e!["sequence"]!).ToList();
        var tombstones = events.Count(e => (string)e!["type"]! == "tombstone");
        // The rolled-back sequence numbers hold no event (Marten may also record such holes as tombstones, never chained).
        Assert.Equal(1, tombstones);
        Assert.True(sequences[^1] - sequences[0] + 1 > sequences.Count,
            $"no trace of the failed transaction in {sequences[0]}..{sequences[^1]} ({sequences.Count} rows)");
        Assert.Equal(sequences.Count - tombstones, (long)report["linksChecked"]!);

        // A row that appears in that hole after it was chained past is no late commit: it was put there.
        var copied = events.Last(e => (string)e!["type"]! == "unit_en_route.v1")!;
        Assert.Equal(1, await Sql($$"""
            insert into "{{api.Schema}}".mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
            select @hole, gen_random_uuid(), stream_id, version + 1000, data, type, timestamp, tenant_id, mt_dotnet_type
            from "{{api.Schema}}".mt_events where seq_id = @seq
            """, ("hole", hole), ("seq", (long)copied["sequence"]!)));
        var inserted = await api.GetJson("/audit/verify");
        Assert.Equal("unchained", (string)inserted["firstProblem"]!["kind"]!);
        Assert.Equal(hole, (long)inserted["firstProblem"]!["sequence"]!);
    }

    [Fact]
    public async Task A_row_altered_until_it_no_longer_reads_is_a_problem_pointing_to_verify_not_a_server_error()
    {
        await using var api = await ApiHost.StartAsync();
        var report = await api.Json(await api.PostIncident(Incident.At(33.4456646, 113.6189944)));
        var id = (string)report["id"]!;
        var events = (await api.GetJson($"/audit/streams/{id}/events")).AsArray();
        var reported = (long)events.First(e => (string)e!["type"]! == "incident_reported.v1")!["sequence"]!;
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await Sql($$"""update "{{api.Schema}}".mt_events set data = jsonb_set(data, '{occurredAt}', '"not a time"') where seq_id = @seq""",
            ("seq", reported)));

        foreach (var url in new[] { $"/audit/streams/{id}/state", $"/audit/streams/{id}/events", "/audit/events?from=2026-12-01T00:00:00Z" })
        {
            var response = await api.Client.GetAsync(url);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.Conflict, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("unreadable-stored-event", (string)(await api.Json(response))["title"]!);
        }
        var verify = await api.GetJson("/audit/verify");
        Assert.Equal(reported, (long)verify["firstProblem"]!["sequence"]!);
    }
}
