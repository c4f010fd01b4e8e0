"""moto_server with fixes for emulator defects that make a correct AWS configuration fail or drift.

Started by tools/local/emulator.ts instead of the plain `moto_server` when this Python has moto.
Each fix makes the emulator behave like AWS for one call; none changes what the project sends to AWS.
A fix whose target is missing (another moto version) is skipped with a note on stderr, and the server
runs unpatched for that call.
"""
import io
import json
import os
import re
import sys
import threading
import time
import urllib.parse


def _note(msg):
    sys.stderr.write(f"[patched_server] {msg}\n")


def fix_cross_region_read_replica():
    """CreateDBInstanceReadReplica with a source ARN in another region (moto 5.2).

    moto copies the source instance and applies the request's arguments in order; the replica's region
    (its backend) is set last, so DBSubnetGroupName is looked up in the *source* region and fails with
    DBSubnetGroupNotFoundFault. AWS resolves it in the replica's region. Fix: set the backend first.
    """
    from moto.rds.models import RDSBackend

    original = RDSBackend.create_db_instance_read_replica

    def create_db_instance_read_replica(self, db_kwargs):
        if self.arn_regex.match(db_kwargs.get("source_db_instance_identifier", "")):
            rest = {k: v for k, v in db_kwargs.items() if k != "backend"}
            db_kwargs = {"backend": self, **rest}
        return original(self, db_kwargs)

    RDSBackend.create_db_instance_read_replica = create_db_instance_read_replica


def fix_put_composite_alarm():
    """PutCompositeAlarm (moto 5.2): not implemented (500), so the provider retries until it times out.

    moto's alarm model already stores an AlarmRule and DescribeAlarms already returns alarms with a rule
    as CompositeAlarms; only the action is missing. Fix: route it to PutMetricAlarm's handler, which
    reads AlarmName, AlarmRule, the actions and the tags the same way.
    """
    from moto.cloudwatch.responses import CloudWatchResponse

    if not hasattr(CloudWatchResponse, "put_composite_alarm"):
        CloudWatchResponse.put_composite_alarm = CloudWatchResponse.put_metric_alarm


def fix_db_parameter_source():
    """DescribeDBParameters (moto 5.2): parameters set through Create/ModifyDBParameterGroup come back
    without their Source. AWS answers Source "user" for them, and the provider keeps only "user"
    parameters, so every re-plan wanted to add them all again. Fix: record Source "user" when set.
    """
    from moto.rds.models import DBParameterGroup

    original = DBParameterGroup.update_parameters

    def update_parameters(self, new_parameters):
        new_parameters = list(new_parameters)
        original(self, new_parameters)
        for p in new_parameters:
            self.parameters[p["ParameterName"]].setdefault("Source", "user")

    DBParameterGroup.update_parameters = update_parameters


# CreateDBInstance argument -> DescribeDBInstances field (both as moto names them, snake_case).
PERFORMANCE_INSIGHTS_ARGS = {
    "enable_performance_insights": "performance_insights_enabled",
    "performance_insights_kms_key_id": "performance_insights_kms_key_id",
    "performance_insights_retention_period": "performance_insights_retention_period",
}


def fix_db_instance_performance_insights():
    """CreateDBInstance (moto 5.2) drops the Performance Insights arguments, so DescribeDBInstances
    reports it off and every re-plan wanted to turn it on. AWS stores and returns them. Fix: keep them
    (EnablePerformanceInsights is returned as PerformanceInsightsEnabled).
    """
    from moto.rds.models import DBInstance

    original = DBInstance.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        for arg, field in PERFORMANCE_INSIGHTS_ARGS.items():
            if kwargs.get(arg) is not None:
                setattr(self, field, kwargs[arg])

    DBInstance.__init__ = __init__


def fix_cloudtrail_logging_by_arn():
    """StartLogging / StopLogging with the trail ARN (moto 5.2).

    moto keeps trails by name and looks the name up directly, so the ARN the AWS provider sends after
    CreateTrail raises KeyError (HTTP 500) and the provider retries until its timeout. AWS accepts a
    name or an ARN. Fix: resolve the trail as GetTrail does (name or ARN).
    """
    from moto.cloudtrail.models import CloudTrailBackend

    def start_logging(self, name):
        self.get_trail(name).start_logging()

    def stop_logging(self, name):
        self.get_trail(name).stop_logging()

    CloudTrailBackend.start_logging = start_logging
    CloudTrailBackend.stop_logging = stop_logging


def fix_peering_tags_per_region():
    """Tags of a cross-region VPC peering connection, as seen from each region (moto 5.2).

    moto shares one VPCPeeringConnection object between the requester's and the accepter's region and
    reads its tags from the requester's region whichever region describes it, so the accepter (Tokyo)
    reads back the requester's (Taiwan) tags and every re-plan wants to change them. On AWS each region's
    view of the connection has its own tags (CreateTags in Tokyo tags Tokyo's view). Fix: describe and
    accept return a view of the connection whose tags come from the region that was asked.
    """
    import copy

    from moto.ec2.models.vpc_peering_connections import VPCPeeringConnectionBackend

    def regional_view(backend, pcx):
        view = copy.copy(pcx)
        view.ec2_backend = backend
        return view

    original_describe = VPCPeeringConnectionBackend.describe_vpc_peering_connections
    original_accept = VPCPeeringConnectionBackend.accept_vpc_peering_connection

    def describe_vpc_peering_connections(self, vpc_peering_ids=None):
        return [regional_view(self, pcx) for pcx in original_describe(self, vpc_peering_ids)]

    def accept_vpc_peering_connection(self, vpc_pcx_id):
        return regional_view(self, original_accept(self, vpc_pcx_id))

    VPCPeeringConnectionBackend.describe_vpc_peering_connections = describe_vpc_peering_connections
    VPCPeeringConnectionBackend.accept_vpc_peering_connection = accept_vpc_peering_connection


def fix_promote_read_replica():
    """PromoteReadReplica (moto 5.2) only flips the replica flag: DescribeDBInstances still reports
    ReadReplicaSourceDBInstanceIdentifier, so the provider sees `replicate_source_db` set again and every
    re-plan wants to promote once more; the source keeps listing the promoted instance as its replica.
    AWS detaches the instance: no source, and the source's ReadReplicaDBInstanceIdentifiers drop it.
    Fix: after moto's promotion, clear the source and remove the instance from the source's list.
    """
    from moto.rds.models import RDSBackend

    original = RDSBackend.promote_read_replica

    def promote_read_replica(self, db_kwargs):
        database = self.databases[db_kwargs["db_instance_identifier"]]
        source_id = database.source_db_instance_identifier
        promoted = original(self, db_kwargs)
        if source_id:
            try:
                source = self.find_db_from_id(source_id)
            except Exception:  # the source is gone already: nothing lists the replica
                source = None
            if source is not None:
                source.replicas = [r for r in source.replicas if r not in (promoted.db_instance_identifier, promoted.db_instance_arn)]
            promoted.source_db_instance_identifier = None
        return promoted

    RDSBackend.promote_read_replica = promote_read_replica


def fix_unique_dbi_resource_id():
    """DbiResourceId (moto 5.2) is one hard-coded value for every DB instance, and a replica copies its
    source's. The provider finds instances by it after a change, so with two instances in one region (a
    retired generation beside the current one) it reads the wrong one or none ("couldn't find resource").
    AWS gives every instance its own `db-` + 26 characters. Fix: draw one per instance, replicas included.
    """
    import random
    import string

    from moto.rds.models import DBInstance, RDSBackend

    def new_id():
        return "db-" + "".join(random.choices(string.ascii_uppercase + string.digits, k=26))

    original_init = DBInstance.__init__
    original_replica = RDSBackend.create_db_instance_read_replica

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.dbi_resource_id = new_id()

    def create_db_instance_read_replica(self, db_kwargs):
        replica = original_replica(self, db_kwargs)
        replica.dbi_resource_id = new_id()
        return replica

    DBInstance.__init__ = __init__
    RDSBackend.create_db_instance_read_replica = create_db_instance_read_replica


def fix_delete_cross_region_replica():
    """DeleteDBInstance of a cross-region replica (moto 5.2) answers 500 although the instance is gone:
    the source lists a cross-region replica by ARN, and moto removes it by identifier (ValueError). The
    provider then retries and reports an error. Fix: remove whichever form the source holds.
    """
    from moto.rds.models import DBInstance

    def remove_replica(self, replica):
        self.replicas = [r for r in self.replicas if r not in (replica.db_instance_identifier, replica.db_instance_arn)]

    DBInstance.remove_replica = remove_replica


def fix_private_zone_from_vpc():
    """CreateHostedZone with a VPC and no HostedZoneConfig.PrivateZone (moto 5.2) creates a *public* zone
    and drops the VPC, so the provider's next call, associating the second VPC, fails with
    PublicZoneVPCAssociation. AWS makes a zone private when the request names a VPC ("VPC: private hosted
    zones only"), which is how the provider creates a private zone. Fix: a VPC in the request means private.
    """
    from moto.route53.responses import Route53

    original = Route53.create_hosted_zone

    def create_hosted_zone(self):
        if self._get_param("VPC.VPCId"):
            get_bool = self._get_bool_param

            def get_bool_param(name, *args, **kwargs):
                return True if name == "HostedZoneConfig.PrivateZone" else get_bool(name, *args, **kwargs)

            self._get_bool_param = get_bool_param
        return original(self)

    Route53.create_hosted_zone = create_hosted_zone


def fix_eks_describe_update():
    """DescribeUpdate (moto 5.2) is not routed (404, an HTML page): UpdateNodegroupConfig answers an update
    id, and the provider then polls DescribeUpdate until the update is Successful, so changing a node
    group's min/max size (the writer region's full size, the standby's smaller one) fails after minutes of
    retries. Fix: keep each update moto returns and answer DescribeUpdate from it (moto applies the change
    at once, so its status is already Successful).
    """
    from moto.core.responses import ActionResult
    from moto.eks import urls
    from moto.eks.exceptions import ResourceNotFoundException
    from moto.eks.models import EKSBackend
    from moto.eks.responses import EKSResponse

    urls.url_paths["{0}/clusters/(?P<name>[^/]+)/updates/(?P<updateId>[^/]+)$"] = urls.response.dispatch
    original = EKSBackend.update_nodegroup_config

    def update_nodegroup_config(self, *args, **kwargs):
        update = original(self, *args, **kwargs)
        self.__dict__.setdefault("_patched_updates", {})[update["id"]] = update
        return update

    def describe_update(self):
        update_id = self._get_param("updateId")
        update = self.eks_backend.__dict__.get("_patched_updates", {}).get(update_id)
        if update is None:
            raise ResourceNotFoundException(
                clusterName=self._get_param("name"),
                nodegroupName=self._get_param("nodegroupName"),
                fargateProfileName=None,
                addonName=None,
                message=f"No update found for ID: {update_id}",
            )
        return ActionResult({"update": update})

    EKSBackend.update_nodegroup_config = update_nodegroup_config
    EKSResponse.describe_update = describe_update


def fix_route53_recreate_in_batch():
    """ChangeResourceRecordSets (moto 5.2) refuses a CREATE that repeats an earlier CREATE of its journal
    whenever any record of that name and type exists ("Tried to create resource record set … but it already
    exists"), ignoring the SetIdentifier and a DELETE earlier in the same batch. The provider changes a
    record's set identifier (the PRIMARY failover record moving back to a region it pointed at before) with
    one batch, DELETE old + CREATE new, which AWS accepts. Fix: refuse a CREATE only when a record with the
    same name, type and set identifier exists and the batch does not delete it first; otherwise let it
    through as an UPSERT, which moto applies without the journal check.
    """
    from moto.route53.exceptions import ResourceRecordAlreadyExists
    from moto.route53.models import Route53Backend

    original = Route53Backend.change_resource_record_sets

    def change_resource_record_sets(self, zoneid, change_list):
        zone = self.get_hosted_zone(zoneid)
        deleted = set()
        for value in change_list:
            rrs = value["ResourceRecordSet"]
            key = (rrs["Name"].rstrip(".") + ".", rrs["Type"], rrs.get("SetIdentifier"))
            if value["Action"] == "DELETE":
                deleted.add(key)
            elif value["Action"] == "CREATE" and value in zone.rr_changes:
                same = [
                    r
                    for r in zone.get_record_sets(start_type=key[1], start_name=key[0])
                    if (r.name.rstrip(".") + ".", r.type, r.set_identifier) == key
                ]
                if same and key not in deleted:
                    raise ResourceRecordAlreadyExists(name=key[0], _type=key[1])
                value["Action"] = "UPSERT"
        return original(self, zoneid, change_list)

    Route53Backend.change_resource_record_sets = change_resource_record_sets


def fix_nat_gateway_interface_on_delete():
    """DeleteNatGateway (moto 5.2) marks the gateway deleted but keeps its network interface, with the
    Elastic IP still associated, in the public subnet. On AWS the interface is requester-managed and goes
    with the gateway (and the EIP is disassociated). Left behind, the interfaces are inventory that no
    Terraform state owns. Fix: disassociate the EIP and delete the interface with the gateway.
    """
    from moto.ec2.models.nat_gateways import NatGatewayBackend

    original = NatGatewayBackend.delete_nat_gateway

    def delete_nat_gateway(self, nat_gateway_id):
        nat_gw = original(self, nat_gateway_id)
        eni = getattr(nat_gw, "_eni", None)
        if eni is not None and eni.id in self.enis:
            for eip in [a for a in self.addresses if a.eni is eni]:
                eip.eni = None
                eip.association_id = None
                eni.public_ip = None
            self.enis.pop(eni.id, None)
        return nat_gw

    NatGatewayBackend.delete_nat_gateway = delete_nat_gateway


# --- Request attribution, shared by the request log, the replay cache and the regional outage. ---

SIGV4_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request")
_LOG_PATH = os.environ.get("GENAI_DEMO_EMULATOR_REQUEST_LOG")
_LOG = open(_LOG_PATH, "a", buffering=1) if _LOG_PATH else None
_LOG_LOCK = threading.Lock()


def read_body(environ):
    """The request body, read once: later readers (an inner wrapper, moto) get the same bytes."""
    body = environ.get("genai_demo.body")
    if body is None:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        environ["genai_demo.body"] = body
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def signed_scope(environ):
    """(region, service) of the request's SigV4 credential scope: the region the client signed for, which
    is the region whose endpoint it calls on AWS (S3 included: a bucket's requests are signed for the
    bucket's region). Presigned URLs carry the scope in X-Amz-Credential. (None, None) when unsigned."""
    match = SIGV4_SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
    if match is not None:
        return match.group(1), match.group(2)
    credential = urllib.parse.parse_qs(environ.get("QUERY_STRING", "")).get("X-Amz-Credential", [""])[0]
    parts = credential.split("/")
    return (parts[2], parts[3]) if len(parts) >= 4 else (None, None)


def operation(environ, body):
    """The API operation: X-Amz-Target (JSON protocols), Action= (query protocols), else method + path."""
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return target
    if b"Action=" in body[:4096]:
        action = urllib.parse.parse_qs(body.decode("latin1")).get("Action")
        if action:
            return action[0]
    action = urllib.parse.parse_qs(environ.get("QUERY_STRING", "")).get("Action")
    if action:
        return action[0]
    return f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO', '')}"


def log_request(environ, body, t0, status, **extra):
    """One JSON line per request to GENAI_DEMO_EMULATOR_REQUEST_LOG, when set."""
    if _LOG is None:
        return
    line = json.dumps(
        {
            "t": round(t0, 3),
            "seconds": round(time.time() - t0, 3),
            "op": operation(environ, body),
            "region": signed_scope(environ)[0] or "",
            "attempt": environ.get("HTTP_AMZ_SDK_REQUEST", ""),
            "invocation": environ.get("HTTP_AMZ_SDK_INVOCATION_ID"),
            "status": status[:3],
            **extra,
        }
    )
    with _LOG_LOCK:
        _LOG.write(line + "\n")


# How many completed mutating requests the replay cache keeps (a retry follows its first attempt within
# seconds; a few thousand entries cover every request of a whole deployment).
REPLAY_CACHE_SIZE = 4096
READ_ONLY_METHODS = ("GET", "HEAD", "OPTIONS")


def fix_serialize_and_replay_requests():
    """Two properties of AWS that moto_server (Werkzeug's threaded development server) lacks, and whose
    absence turned load into orphaned resources (docs/local-emulator.md, "Requests under load"):

    1. Requests are handled one at a time. moto's backends are plain dicts and lists with no locking;
       the development server runs every connection in its own thread. Serialising the handlers costs
       nothing measurable (moto is CPU-bound under the GIL anyway) and removes every data race.
    2. A retried request is answered, not executed again. The AWS SDKs (Go v2 in the provider, JS v3,
       botocore) give every operation an `amz-sdk-invocation-id` and number its attempts in
       `amz-sdk-request: attempt=N`. When an attempt's response does not reach the client (a reset or a
       client timeout while the machine is loaded) the SDK sends the same operation again, and moto
       creates a second subnet, route table or security-group rule change: the second attempt then fails
       (InvalidSubnet.Conflict, InvalidPermission.NotFound) or, for a route table, succeeds and leaves a
       table no state owns, which later blocks DeleteVpc. The completed response of a mutating request
       is kept by invocation id; a later attempt of the same invocation gets it replayed, so a retry is
       as harmless as AWS's own idempotency makes it. Failed (5xx) first attempts are not kept: their
       retry runs again, as on AWS.

    Set GENAI_DEMO_EMULATOR_REQUEST_LOG to a file to get one JSON line per request (operation, region,
    attempt, status, seconds, replayed or not): the evidence behind this fix.
    """
    import collections
    import threading
    import time

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    original = DomainDispatcherApplication.__call__
    lock = threading.Lock()
    completed = collections.OrderedDict()

    def __call__(self, environ, start_response):
        t0 = time.time()
        body = read_body(environ)
        invocation = environ.get("HTTP_AMZ_SDK_INVOCATION_ID")
        mutating = environ.get("REQUEST_METHOD") not in READ_ONLY_METHODS
        key = (invocation, environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"), body) if invocation and mutating else None
        replayed = False
        with lock:
            if key is not None and key in completed:
                status, headers, chunks = completed[key]
                replayed = True
            else:
                captured = {}

                def capture(status, headers, exc_info=None):
                    captured["status"], captured["headers"] = status, list(headers)
                    return lambda data: None

                result = original(self, environ, capture)
                try:
                    chunks = [bytes(c) for c in result]
                finally:
                    if hasattr(result, "close"):
                        result.close()
                status, headers = captured["status"], captured["headers"]
                if key is not None and not status.startswith("5"):
                    completed[key] = (status, headers, chunks)
                    while len(completed) > REPLAY_CACHE_SIZE:
                        completed.popitem(last=False)
        log_request(environ, body, t0, status, replayed=replayed)
        start_response(status, headers)
        return chunks

    DomainDispatcherApplication.__call__ = __call__


OUTAGE_PATH = "/__outage"


class RegionOutage:
    """A switchable regional outage: while a region is down, every request signed for it is answered
    HTTP 503 RegionOutageSimulated and never reaches moto (nor the replay cache), so nothing changes in
    that region. Requests are counted per region from the last start/end of an outage, and the blocked
    ones per region, service and operation, both as attempts (each HTTP request) and as invocations
    (distinct `amz-sdk-invocation-id`: the SDKs retry a 503 as the same invocation, attempt=2, 3, ...).

    The admin endpoint (no AWS API uses this path: bucket names cannot contain "_"):
      POST   /__outage?down=ap-east-2[,region...]  start (replaces the set of down regions), counters reset
      GET    /__outage                             the report so far
      DELETE /__outage                             end: nothing down; answers the report of the period
                                                   that ended, then resets the counters
    Each answers the JSON report: {"down", "since", "requests": {region: {"attempts", "invocations"}},
    "blocked": {"attempts", "invocations", "calls": [{"region", "service", "operation", "attempts",
    "invocations", "maxAttempt"}]}}. Nothing is down until a POST: until then every request goes to moto
    as before, and the counters only count.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.down = frozenset()
        self.reset()

    def reset(self):
        self.since = time.time()
        self.requests = {}  # region -> [attempts, set of invocation ids]
        self.blocked = {}  # (region, service, operation) -> [attempts, set of invocation ids, max attempt]

    @staticmethod
    def _invocation(environ):
        # A request without an SDK invocation id (curl, an old client) counts as its own invocation.
        return environ.get("HTTP_AMZ_SDK_INVOCATION_ID") or f"no-id-{id(environ)}-{time.time()}"

    @staticmethod
    def _attempt(environ):
        match = re.search(r"attempt=(\d+)", environ.get("HTTP_AMZ_SDK_REQUEST", ""))
        return int(match.group(1)) if match else 1

    def count(self, environ, body):
        """Counts the request; True when its region is down (the caller answers 503)."""
        region, service = signed_scope(environ)
        region = region or "unsigned"
        invocation = self._invocation(environ)
        with self.lock:
            seen = self.requests.setdefault(region, [0, set()])
            seen[0] += 1
            seen[1].add(invocation)
            if region not in self.down:
                return False
            key = (region, service or "unknown", operation(environ, body))
            call = self.blocked.setdefault(key, [0, set(), 0])
            call[0] += 1
            call[1].add(invocation)
            call[2] = max(call[2], self._attempt(environ))
            return True

    def report(self):
        with self.lock:
            calls = [
                {"region": r, "service": s, "operation": o, "attempts": a, "invocations": len(i), "maxAttempt": m}
                for (r, s, o), (a, i, m) in sorted(self.blocked.items())
            ]
            return {
                "down": sorted(self.down),
                "since": round(self.since, 3),
                "requests": {r: {"attempts": a, "invocations": len(i)} for r, (a, i) in sorted(self.requests.items())},
                "blocked": {
                    "attempts": sum(c["attempts"] for c in calls),
                    "invocations": len(set().union(*(i for (_, i, _) in self.blocked.values()))),
                    "calls": calls,
                },
            }

    def control(self, environ):
        """The admin endpoint: (HTTP status, JSON report)."""
        method = environ.get("REQUEST_METHOD")
        if method == "GET":
            return "200 OK", self.report()
        if method == "DELETE":
            ended = self.report()
            with self.lock:
                self.down = frozenset()
                self.reset()
            ended["down"] = []
            return "200 OK", ended
        if method == "POST":
            query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
            regions = [r for r in ",".join(query.get("down", [])).split(",") if r]
            bad = [r for r in regions if not re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d", r)]
            if "down" not in query or not regions or bad:
                return "400 Bad Request", {"error": f"expected ?down=<region>[,<region>...] (e.g. ?down=ap-east-2), got {environ.get('QUERY_STRING', '')!r}"}
            with self.lock:
                self.down = frozenset(regions)
                self.reset()
            return "200 OK", self.report()
        return "405 Method Not Allowed", {"error": f"{method} {OUTAGE_PATH}: use POST ?down=<region>, GET or DELETE"}


def outage_error(environ, region, service):
    """(content type, body) of the 503, in the request's protocol, so each SDK parses the error code."""
    code, message = "RegionOutageSimulated", f"{region} is unreachable (simulated regional outage)"
    content_type = environ.get("CONTENT_TYPE", "")
    if environ.get("HTTP_X_AMZ_TARGET") or "x-amz-json" in content_type:
        return "application/x-amz-json-1.1", json.dumps({"__type": code, "message": message}).encode()
    if service == "ec2":
        body = f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>outage</RequestID></Response>"
    elif service == "s3":
        body = f"<Error><Code>{code}</Code><Message>{message}</Message><RequestId>outage</RequestId></Error>"
    else:
        body = f"<ErrorResponse><Error><Type>Receiver</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>outage</RequestId></ErrorResponse>"
    return "text/xml", ('<?xml version="1.0" encoding="UTF-8"?>' + body).encode()


OUTAGE = RegionOutage()


def fix_region_outage_switch():
    """Not a defect of moto: the switchable regional outage of RegionOutage (above), in front of every
    other wrapper, so the e2e can make a whole region unreachable during an unplanned failover and count
    what still tried to reach it (docs/state-and-outage.md). On AWS a lost region fails by timeouts or
    connection errors more often than by 503; both are retried by the SDKs, and the question the count
    answers is the same: which calls a command makes to the lost region at all.
    """
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    inner = DomainDispatcherApplication.__call__

    def respond(start_response, status, content_type, body, extra=()):
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra])
        return [body]

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == OUTAGE_PATH:
            status, report = OUTAGE.control(environ)
            return respond(start_response, status, "application/json", (json.dumps(report, indent=1) + "\n").encode())
        t0 = time.time()
        body = read_body(environ)
        if not OUTAGE.count(environ, body):
            return inner(self, environ, start_response)
        region, service = signed_scope(environ)
        content_type, error = outage_error(environ, region, service)
        log_request(environ, body, t0, "503", replayed=False, blocked=True)
        return respond(start_response, "503 Service Unavailable", content_type, error, [("x-amzn-ErrorType", "RegionOutageSimulated")])

    DomainDispatcherApplication.__call__ = __call__


INSTANCE_PATH = "/__instance"


def fix_instance_identity():
    """Not a defect of moto: `GET /__instance` answers this server's pid, so the tool that started it can
    tell its own emulator from another one that answers on the same port. Two suites picking the same
    free port at the same moment left one of them talking to the other's emulator (its own had failed to
    bind): the second CreateBucket of the state bucket then answered BucketAlreadyOwnedByYou.
    """
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    inner = DomainDispatcherApplication.__call__
    body = (json.dumps({"pid": os.getpid()}) + "\n").encode()

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == INSTANCE_PATH:
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        return inner(self, environ, start_response)

    DomainDispatcherApplication.__call__ = __call__


FIXES = [
    fix_cross_region_read_replica,
    fix_put_composite_alarm,
    fix_db_parameter_source,
    fix_db_instance_performance_insights,
    fix_cloudtrail_logging_by_arn,
    fix_peering_tags_per_region,
    fix_promote_read_replica,
    fix_unique_dbi_resource_id,
    fix_delete_cross_region_replica,
    fix_private_zone_from_vpc,
    fix_eks_describe_update,
    fix_route53_recreate_in_batch,
    fix_nat_gateway_interface_on_delete,
    fix_serialize_and_replay_requests,
    fix_region_outage_switch,  # the outermost AWS-facing wrapper, so a blocked request touches nothing
    fix_instance_identity,
]


def main():
    for fix in FIXES:
        try:
            fix()
        except Exception as err:  # another moto version: run without this fix
            _note(f"{fix.__name__} not applied: {err!r}")
    from moto.server import main as moto_main

    moto_main(sys.argv[1:])


if __name__ == "__main__":
    main()
