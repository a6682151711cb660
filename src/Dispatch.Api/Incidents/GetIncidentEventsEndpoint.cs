using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain;
using Dispatch.Projections;
using Marten;
using Microsoft.AspNetCore.Authorization;
using NodaTime;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Incidents;

/// <summary>One stored event as an auditor reads it: where it sits, when it happened, when it was recorded, who and why.</summary>
public sealed record RecordedEvent(long Sequence, Guid StreamId, long Version, string Type, Instant? OccurredAt,
    Instant RecordedAt, string? Actor, string? CorrelationId, object Data)
{
    public const string Withheld = "withheld";

    /// <summary>The event as <paramref name="reader"/> may see it: no key's secret hash, personal data masked where the role needs none.</summary>
    public static RecordedEvent From(JasperFx.Events.IEvent e, System.Security.Claims.ClaimsPrincipal reader) => new(e.Sequence,
        e.StreamId, e.Version, e.EventTypeName, (e.Data as IDispatchEvent)?.OccurredAt, Instant.FromDateTimeOffset(e.Timestamp),
        (e.Data as IDispatchEvent)?.Actor, e.CorrelationId, PersonalData.ForReader(WithholdSecrets(e.Data), reader));

    /// <summary>Readers never see a key's secret hash (as GET /api-keys); the hash chain still covers the stored row.</summary>
    public static object WithholdSecrets(object data) => data switch
    {
        Domain.Access.ApiKeyIssued issued => issued with { SecretSha256 = Withheld },
        Domain.Access.ApiKeyState key => key with { SecretSha256 = Withheld },
        _ => data,
    };
}

/// <summary>
/// The incident's own stream, plus the progress events its responding units recorded on their streams,
/// in global sequence order: the whole story of the incident from the events alone.
/// </summary>
public static class GetIncidentEventsEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/incidents/{id}/events")]
    [ProducesResponseType(typeof(IReadOnlyList<RecordedEvent>), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session, CancellationToken cancellation)
    {
        var details = await session.LoadAsync<IncidentDetails>(id, cancellation);
        if (details is null) return Problems.NotFound($"Incident {id}", http);

        var events = (await session.Events.FetchStreamAsync(id, token: cancellation)).ToList();
        foreach (var unitId in details.Responders.Select(r => r.UnitId).Distinct())
        {
            var unitEvents = await session.Events.FetchStreamAsync(unitId, token: cancellation);
            events.AddRange(unitEvents.Where(e => IncidentOf(e.Data) == id));
        }

        return Results.Ok(events.OrderBy(e => e.Sequence).Select(e => RecordedEvent.From(e, http.User)).ToList());
    }

    private static Guid? IncidentOf(object data) => data switch
    {
        Domain.Units.UnitAssigned e => e.IncidentId,
        Domain.Units.UnitAcknowledged e => e.IncidentId,
        Domain.Units.UnitEnRoute e => e.IncidentId,
        Domain.Units.UnitReleased e => e.IncidentId,
        Domain.Units.UnitArrivedOnScene e => e.IncidentId,
        Domain.Units.UnitCleared e => e.IncidentId,
        _ => null,
    };
}
