using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Domain.Elderly;
using NodaTime;

namespace Dispatch.Api.Elderly;

/// <summary>One recipient: the person (name as the reader may see it), household, and the delivery's status, channel, who and when.</summary>
public sealed record RecipientView(Guid PersonId, string? Name, string HouseholdCode, string Status, string? Channel, string? By, Instant? At,
    int Attempts);

public sealed record RiskAlertView(Guid Id, string Hazard, string Message, AlertArea Area, string IssuedBy, Instant IssuedAt,
    int PeopleConsidered, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<RecipientView> Recipients, long Version)
{
    public static RiskAlertView From(RiskAlertState alert, IReadOnlyDictionary<Guid, VulnerablePersonState> people, ClaimsPrincipal user)
    {
        var recipients = alert.Recipients.Select(r =>
        {
            var d = alert.Deliveries[r.PersonId];
            var name = people.TryGetValue(r.PersonId, out var p) ? PersonalData.ForReader(p.Record, user).Name : null;
            return new RecipientView(r.PersonId, name, r.HouseholdCode, d.Status, d.Channel, d.By, d.At, d.Attempts);
        }).ToList();
        var counts = new[] { RiskAlertState.Pending }.Concat(RiskAlertState.Outcomes)
            .ToDictionary(s => s, s => recipients.Count(r => r.Status == s));
        return new RiskAlertView(alert.Id, alert.Hazard, alert.Message, alert.Area, alert.IssuedBy, alert.IssuedAt, alert.PeopleConsidered,
            counts, recipients, alert.Version);
    }
}
