// Command vcsim-launcher serves a govmomi vcsim vCenter model (simulator.VPX) for vmledger's tests and
// benchmarks. It shapes the model so that it looks like a real inventory for vmledger's purposes, works
// around what yavijava 6.0 cannot read, pages RetrievePropertiesEx results like a real vCenter does, and can
// inject the incomplete results that vmledger's per-VM fallback handles.
//
// It prints one line "VCSIM_URL=https://user:pass@127.0.0.1:PORT/sdk" when ready, then serves until its
// standard input is closed or it receives SIGINT/SIGTERM, and removes the model's temporary files on exit.
//
// Built in GOPATH mode from Debian's golang-github-vmware-govmomi-dev (govmomi 0.24.2): see build.sh.
package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"log"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/vpx"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// Launcher options (flags).
var (
	listen         = flag.String("listen", "127.0.0.1:0", "address to listen on (port 0 picks a free port)")
	username       = flag.String("username", "vmledger", "user name the simulator accepts")
	password       = flag.String("password", "secret", "password the simulator accepts")
	plainHTTP      = flag.Bool("http", false, "serve plain HTTP instead of HTTPS")
	certOut        = flag.String("cert-out", "", "write the server certificate (PEM) to this file")
	dumpOut        = flag.String("dump", "", "write the shaped model's VMs (tab-separated, with header) to this file")
	datacenters    = flag.Int("dc", 1, "datacenters")
	clusters       = flag.Int("cluster", 1, "clusters per datacenter")
	clusterHosts   = flag.Int("host", 3, "hosts per cluster")
	standalone     = flag.Int("standalone-host", 1, "standalone hosts per datacenter")
	machines       = flag.Int("vm", 2, "VMs per cluster and per standalone host (vcsim 0.24.2 counts per cluster, not per host)")
	pools          = flag.Int("pool", 0, "child resource pools per cluster; every 5th VM of a cluster is moved into one")
	apps           = flag.Int("app", 0, "vApps per cluster (each gets -vm VMs)")
	dcFolders      = flag.Int("folder", 0, "datacenters placed inside a folder")
	vmFolders      = flag.Int("vm-folders", 0, "sub-folders of each datacenter's vm folder; every 3rd VM is moved into one")
	templates      = flag.Int("templates", 0, "VMs marked as templates (the last ones by name)")
	noCreateEvery  = flag.Int("no-create-date-every", 5, "every Nth VM (by name) keeps an empty config.createDate; 0 = none")
	shape          = flag.Bool("shape", true, "vary power states, vCPU and memory across VMs")
	pageSize       = flag.Int("page-size", 0, "largest page RetrievePropertiesEx returns (0 = honour maxObjects only)")
	missingEvery   = flag.Int("missing-every", 0, "in bulk VM results (over a ContainerView), every Nth VM lacks summary.storage.committed (reported in missingSet)")
	failPage       = flag.Int("fail-page", 0, "ContinueRetrievePropertiesEx fails with a fault on the Nth continuation of each paged bulk VM result")
	sessionTimeout = flag.Duration("session-idle-timeout", 0, "expire idle sessions after this long (0 = never)")
	fetchURL       = flag.String("fetch", "", "client mode: fetch the 13 capture properties of all VMs from this SDK URL (with user:pass) with govmomi, print the times, exit")
	fetchRuns      = flag.Int("fetch-runs", 5, "client mode: number of fetches")
)

func main() {
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("vcsim-launcher: ")
	if *fetchURL != "" {
		if err := fetchWithGovmomi(*fetchURL, *fetchRuns); err != nil {
			log.Fatalf("fetch: %v", err)
		}
		return
	}

	// yavijava 6.0 cannot parse these vSphere 6.5+ ServiceContent fields: clear them before the model is created.
	vpx.ServiceContent.VStorageObjectManager = nil
	vpx.ServiceContent.HostSpecManager = nil
	vpx.ServiceContent.CryptoManager = nil
	vpx.ServiceContent.HealthUpdateManager = nil
	vpx.ServiceContent.FailoverClusterConfigurator = nil
	vpx.ServiceContent.FailoverClusterManager = nil

	if *sessionTimeout > 0 {
		simulator.SessionIdleTimeout = *sessionTimeout
	}

	model := simulator.VPX()
	model.Datacenter = *datacenters
	model.Cluster = *clusters
	model.ClusterHost = *clusterHosts
	model.Host = *standalone
	model.Machine = *machines
	model.Pool = *pools
	model.App = *apps
	model.Folder = *dcFolders

	started := time.Now()
	if err := model.Create(); err != nil {
		log.Fatalf("creating the model: %v", err)
	}
	defer model.Remove()

	// Page results like a real vCenter: replace the PropertyCollector singleton with a paging wrapper.
	// Per-session collectors are created from the singleton's type, so they page too. The singleton holds no
	// state yet (no filters), so a fresh one with the same reference replaces it.
	paged := &PagingCollector{}
	paged.Self = vpx.ServiceContent.PropertyCollector
	simulator.Map.Put(paged)

	if !*plainHTTP {
		model.Service.TLS = new(tls.Config)
	}
	model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*username, *password)}
	server := model.Service.NewServer()
	defer server.Close()

	if err := shapeModel(server.URL); err != nil {
		log.Fatalf("shaping the model: %v", err)
	}
	if *certOut != "" && !*plainHTTP {
		block := &pem.Block{Type: "CERTIFICATE", Bytes: server.Certificate().Raw}
		if err := ioutil.WriteFile(*certOut, pem.EncodeToMemory(block), 0o644); err != nil {
			log.Fatalf("writing %s: %v", *certOut, err)
		}
	}
	if *dumpOut != "" {
		if err := dumpModel(*dumpOut); err != nil {
			log.Fatalf("writing %s: %v", *dumpOut, err)
		}
	}
	log.Printf("%d VMs ready in %.1fs", len(simulator.Map.All("VirtualMachine")), time.Since(started).Seconds())

	sdk := *server.URL
	sdk.User = url.UserPassword(*username, *password)
	fmt.Printf("VCSIM_URL=%s\n", sdk.String())
	os.Stdout.Sync()

	waitForEnd()
}

// waitForEnd returns when standard input reaches end of file (the parent process closed it or died) or a signal arrives.
func waitForEnd() {
	done := make(chan struct{}, 2)
	go func() {
		_, _ = io.Copy(ioutil.Discard, bufio.NewReader(os.Stdin))
		done <- struct{}{}
	}()
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-signals
		done <- struct{}{}
	}()
	<-done
}

// vmsByName returns the model's VMs sorted by name, so that shaping is deterministic.
func vmsByName() []*simulator.VirtualMachine {
	var vms []*simulator.VirtualMachine
	for _, e := range simulator.Map.All("VirtualMachine") {
		vms = append(vms, e.(*simulator.VirtualMachine))
	}
	sort.Slice(vms, func(i, j int) bool { return vms[i].Name < vms[j].Name })
	return vms
}

// shapeModel gives the model the variety vmledger's tests compare: power states, sizes, creation dates,
// child pools, sub-folders, templates. Changes that vSphere exposes go through the API; the others
// (createDate, hardware, pool membership, which vcsim 0.24.2 cannot change) are set on the objects directly,
// before any client connects.
func shapeModel(u *url.URL) error {
	ctx := context.Background()
	login := *u
	login.User = url.UserPassword(*username, *password)
	c, err := govmomi.NewClient(ctx, &login, true)
	if err != nil {
		return err
	}
	defer func() { _ = c.Logout(ctx) }()

	vms := vmsByName()
	base := time.Date(2021, 3, 1, 8, 0, 0, 0, time.UTC)
	var toFolder = map[types.ManagedObjectReference][]types.ManagedObjectReference{}
	for i, vm := range vms {
		if *noCreateEvery <= 0 || i%*noCreateEvery != 0 {
			created := base.Add(time.Duration(i)*37*time.Minute + 250*time.Millisecond)
			vm.Config.CreateDate = &created
		}
		if *shape {
			vm.Config.Hardware.NumCPU = int32(1 + i%4)
			vm.Config.Hardware.MemoryMB = int32(512 * (1 + i%8))
			vm.Summary.Config.NumCpu = vm.Config.Hardware.NumCPU
			vm.Summary.Config.MemorySizeMB = vm.Config.Hardware.MemoryMB
		}
		if *pools > 0 && i%5 == 3 && vm.ResourcePool != nil && vm.ResourcePool.Type == "ResourcePool" {
			if err := moveToChildPool(vm, i); err != nil {
				return err
			}
		}
		if *vmFolders > 0 && i%3 == 0 {
			folder, err := vmSubFolder(ctx, c, vm, i%*vmFolders)
			if err != nil {
				return err
			}
			toFolder[folder] = append(toFolder[folder], vm.Self)
		}
	}
	for folder, refs := range toFolder {
		task, err := object.NewFolder(c.Client, folder).MoveInto(ctx, refs)
		if err != nil {
			return err
		}
		if err = task.Wait(ctx); err != nil {
			return err
		}
	}
	for i, vm := range vms {
		obj := object.NewVirtualMachine(c.Client, vm.Self)
		isTemplate := i >= len(vms)-*templates
		var task *object.Task
		switch {
		case isTemplate || (*shape && i%4 == 1):
			task, err = obj.PowerOff(ctx)
		case *shape && i%9 == 2:
			task, err = obj.Suspend(ctx)
		}
		if err != nil {
			return err
		}
		if task != nil {
			if err = task.Wait(ctx); err != nil {
				return err
			}
		}
		if isTemplate {
			if err = obj.MarkAsTemplate(ctx); err != nil {
				return err
			}
		}
		if *shape {
			// vcsim's files are empty, so its storage summary is zero: give each VM a distinct size.
			const gib = int64(1) << 30
			vm.Summary.Storage = &types.VirtualMachineStorageSummary{
				Committed:   int64(1+i%5)*10*gib + int64(i)*(1<<20),
				Uncommitted: int64(i%3) * 4 * gib,
				Timestamp:   time.Now(),
			}
		}
	}
	return nil
}

// moveToChildPool moves a VM from its cluster's root pool into one of the root pool's child pools.
func moveToChildPool(vm *simulator.VirtualMachine, i int) error {
	root := simulator.Map.Get(*vm.ResourcePool).(*simulator.ResourcePool)
	var children []*simulator.ResourcePool
	for _, ref := range root.ResourcePool.ResourcePool {
		if child, ok := simulator.Map.Get(ref).(*simulator.ResourcePool); ok {
			children = append(children, child)
		}
	}
	if len(children) == 0 {
		return nil
	}
	sort.Slice(children, func(a, b int) bool { return children[a].Name < children[b].Name })
	child := children[i%len(children)]
	simulator.RemoveReference(&root.Vm, vm.Self)
	child.Vm = append(child.Vm, vm.Self)
	vm.ResourcePool = &child.Self
	return nil
}

var folderMu sync.Mutex
var createdFolders = map[string]types.ManagedObjectReference{}

// vmSubFolder returns (creating it on first use) sub-folder n of the VM's datacenter vm folder.
func vmSubFolder(ctx context.Context, c *govmomi.Client, vm *simulator.VirtualMachine, n int) (types.ManagedObjectReference, error) {
	folderMu.Lock()
	defer folderMu.Unlock()
	parent := *vm.Parent
	key := parent.Value + "/" + strconv.Itoa(n)
	if ref, ok := createdFolders[key]; ok {
		return ref, nil
	}
	parentName := simulator.Map.Get(parent).(mo.Entity).Entity().Name
	folder, err := object.NewFolder(c.Client, parent).CreateFolder(ctx, fmt.Sprintf("%s_F%d", parentName, n))
	if err != nil {
		return types.ManagedObjectReference{}, err
	}
	createdFolders[key] = folder.Reference()
	return folder.Reference(), nil
}

// dumpModel writes what vmledger must capture for every VM, computed from the simulator's own objects.
func dumpModel(path string) error {
	var b strings.Builder
	b.WriteString("vmId\tname\tuuid\tinstanceUuid\tnumCpu\tmemoryMb\tcreateDate\ttemplate\tpowerState\tresourcePool\tdatacenter\tcluster\tfolder\tcommitted\tuncommitted\n")
	for _, vm := range vmsByName() {
		created := ""
		if vm.Config.CreateDate != nil {
			created = strconv.FormatInt(vm.Config.CreateDate.Unix(), 10)
		}
		pool := ""
		if vm.ResourcePool != nil {
			pool = entityName(*vm.ResourcePool)
		}
		cluster := ""
		if vm.Runtime.Host != nil {
			host := simulator.Map.Get(*vm.Runtime.Host).(mo.Entity)
			if p := host.Entity().Parent; p != nil && p.Type == "ClusterComputeResource" {
				cluster = entityName(*p)
			}
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%d\t%d\t%s\t%t\t%s\t%s\t%s\t%s\t%s\t%d\t%d\n",
			vm.Self.Value, vm.Name, vm.Config.Uuid, vm.Config.InstanceUuid,
			vm.Config.Hardware.NumCPU, vm.Config.Hardware.MemoryMB, created, vm.Config.Template,
			vm.Runtime.PowerState, pool, ancestorName(vm.Self, "Datacenter"), cluster,
			entityName(*vm.Parent), vm.Summary.Storage.Committed, vm.Summary.Storage.Uncommitted)
	}
	return ioutil.WriteFile(path, []byte(b.String()), 0o644)
}

func entityName(ref types.ManagedObjectReference) string {
	if e, ok := simulator.Map.Get(ref).(mo.Entity); ok {
		return e.Entity().Name
	}
	return ""
}

func ancestorName(ref types.ManagedObjectReference, kind string) string {
	for {
		e, ok := simulator.Map.Get(ref).(mo.Entity)
		if !ok || e.Entity().Parent == nil {
			return ""
		}
		ref = *e.Entity().Parent
		if ref.Type == kind {
			return entityName(ref)
		}
	}
}

// PagingCollector adds what vcsim 0.24.2 lacks: RetrievePropertiesEx honours maxObjects (and -page-size)
// and returns a token, ContinueRetrievePropertiesEx and CancelRetrievePropertiesEx serve the rest.
// It embeds the collector by value because vcsim creates per-session collectors with reflect.New.
type PagingCollector struct {
	simulator.PropertyCollector
}

// pending results by token, shared by all sessions' collectors.
var paging = struct {
	sync.Mutex
	next    int
	results map[string]*pendingResult
}{results: map[string]*pendingResult{}}

type pendingResult struct {
	objects []types.ObjectContent
	size    int
	served  int  // continuations served so far
	vms     bool // a bulk retrieval of VMs, where -fail-page applies
}

func (pc *PagingCollector) RetrievePropertiesEx(ctx *simulator.Context, r *types.RetrievePropertiesEx) soap.HasFault {
	res := pc.PropertyCollector.RetrievePropertiesEx(ctx, r)
	body, ok := res.(*methods.RetrievePropertiesExBody)
	if !ok || body.Fault_ != nil || body.Res == nil || body.Res.Returnval == nil {
		return res
	}
	size := int(r.Options.MaxObjects)
	if *pageSize > 0 && (size <= 0 || size > *pageSize) {
		size = *pageSize
	}
	bulk := isBulk(r) && wantsType(r, "VirtualMachine")
	objects := body.Res.Returnval.Objects
	if bulk && *missingEvery > 0 {
		objects = injectMissing(objects)
	}
	if size <= 0 || len(objects) <= size {
		body.Res.Returnval.Objects = objects
		return body
	}
	paging.Lock()
	paging.next++
	token := "vmledger-page-" + strconv.Itoa(paging.next)
	paging.results[token] = &pendingResult{objects: objects[size:], size: size, vms: bulk}
	paging.Unlock()
	body.Res.Returnval = &types.RetrieveResult{Token: token, Objects: objects[:size]}
	return body
}

func (pc *PagingCollector) ContinueRetrievePropertiesEx(ctx *simulator.Context, r *types.ContinueRetrievePropertiesEx) soap.HasFault {
	body := &methods.ContinueRetrievePropertiesExBody{}
	paging.Lock()
	defer paging.Unlock()
	pending, ok := paging.results[r.Token]
	if !ok {
		body.Fault_ = simulator.Fault("unknown token", &types.InvalidArgument{InvalidProperty: "token"})
		return body
	}
	pending.served++
	if *failPage > 0 && pending.vms && pending.served == *failPage {
		delete(paging.results, r.Token)
		body.Fault_ = simulator.Fault("injected page failure", &types.SystemError{Reason: "injected page failure"})
		return body
	}
	n := pending.size
	if n > len(pending.objects) {
		n = len(pending.objects)
	}
	result := types.RetrieveResult{Objects: pending.objects[:n]}
	pending.objects = pending.objects[n:]
	if len(pending.objects) > 0 {
		result.Token = r.Token
	} else {
		delete(paging.results, r.Token)
	}
	body.Res = &types.ContinueRetrievePropertiesExResponse{Returnval: result}
	return body
}

func (pc *PagingCollector) CancelRetrievePropertiesEx(ctx *simulator.Context, r *types.CancelRetrievePropertiesEx) soap.HasFault {
	paging.Lock()
	delete(paging.results, r.Token)
	paging.Unlock()
	return &methods.CancelRetrievePropertiesExBody{Res: new(types.CancelRetrievePropertiesExResponse)}
}

// isBulk tells a retrieval over a ContainerView (the bulk path) from one over a single object (the fallback).
func isBulk(r *types.RetrievePropertiesEx) bool {
	for _, spec := range r.SpecSet {
		for _, o := range spec.ObjectSet {
			if o.Obj.Type == "ContainerView" {
				return true
			}
		}
	}
	return false
}

// wantsType tells whether the retrieval reads properties of the given type.
func wantsType(r *types.RetrievePropertiesEx, kind string) bool {
	for _, spec := range r.SpecSet {
		for _, p := range spec.PropSet {
			if p.Type == kind {
				return true
			}
		}
	}
	return false
}

// injectMissing removes summary.storage.committed from every Nth VM and reports it in missingSet, as a
// vCenter does when it cannot read a property of one object.
func injectMissing(objects []types.ObjectContent) []types.ObjectContent {
	out := make([]types.ObjectContent, len(objects))
	n := 0
	for i, o := range objects {
		out[i] = o
		if o.Obj.Type != "VirtualMachine" {
			continue
		}
		n++
		if n%*missingEvery != 0 {
			continue
		}
		var kept []types.DynamicProperty
		for _, p := range o.PropSet {
			if p.Name == "summary.storage.committed" {
				continue
			}
			kept = append(kept, p)
		}
		out[i].PropSet = kept
		out[i].MissingSet = append(append([]types.MissingProperty(nil), o.MissingSet...), types.MissingProperty{
			Path:  "summary.storage.committed",
			Fault: types.LocalizedMethodFault{Fault: &types.SystemError{Reason: "injected missing property"}},
		})
	}
	return out
}

// capturePaths are the 13 leaf properties vmledger's capture reads.
var capturePaths = []string{"name", "config.uuid", "config.instanceUuid", "config.hardware.numCPU",
	"config.hardware.memoryMB", "config.createDate", "config.template", "runtime.powerState", "resourcePool",
	"parent", "runtime.host", "summary.storage.committed", "summary.storage.uncommitted"}

// fetchWithGovmomi is the reference the Java capture is compared with: a Go govmomi client (the original
// system's stack) reading the same properties of all VMs through a container view, as GetAllVMsWithProps does.
// It prints "fetch N: SECONDS s (VMS VMs)" per run, the first including the login.
func fetchWithGovmomi(raw string, runs int) error {
	ctx := context.Background()
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	started := time.Now()
	c, err := govmomi.NewClient(ctx, u, true)
	if err != nil {
		return err
	}
	defer func() { _ = c.Logout(ctx) }()
	for i := 0; i < runs; i++ {
		if i > 0 {
			started = time.Now()
		}
		v, err := view.NewManager(c.Client).CreateContainerView(ctx, c.ServiceContent.RootFolder, []string{"VirtualMachine"}, true)
		if err != nil {
			return err
		}
		var vms []mo.VirtualMachine
		if err = v.Retrieve(ctx, []string{"VirtualMachine"}, capturePaths, &vms); err != nil {
			return err
		}
		_ = v.Destroy(ctx)
		fmt.Printf("fetch %d: %.3f s (%d VMs)\n", i, time.Since(started).Seconds(), len(vms))
	}
	return nil
}
