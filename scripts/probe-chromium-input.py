import json, sys, time, math, random
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By

PAGE = """<!doctype html><html><body style='margin:0'><div id=pad style='width:800px;height:600px;background:#eee'></div>
<input id=t><textarea id=n></textarea></body></html>"""
JS = r"""
window.__ev = [];
function rec(e){ var c = e.getCoalescedEvents ? e.getCoalescedEvents().length : -1;
 window.__ev.push({type:e.type, trusted:e.isTrusted, x:e.clientX, y:e.clientY, sx:e.screenX, sy:e.screenY, mx:e.movementX, my:e.movementY,
  co:c, w:e.width, h:e.height, p:e.pressure, pt:e.pointerType, b:e.button, bs:e.buttons, ts:e.timeStamp, det:e.detail, pid:e.pointerId,
  tiltX:e.tiltX, twist:e.twist}); }
['pointermove','pointerdown','pointerup','mousemove','click'].forEach(function(t){document.addEventListener(t, rec, true);});
['keydown','keyup'].forEach(function(t){document.addEventListener(t, function(e){window.__ev.push({type:e.type, trusted:e.isTrusted, ts:e.timeStamp, key:e.key.length, code:e.code, rep:e.repeat, loc:e.location, which: e.which, kc:e.keyCode});}, true);});
['focus','blur'].forEach(function(t){window.addEventListener(t, function(e){window.__ev.push({type:'win-'+t, ts:e.timeStamp});});});
document.addEventListener('visibilitychange', function(e){window.__ev.push({type:'vis', v:document.visibilityState});});
window.__raf=[]; (function f(t){ if(window.__raf.length<120){window.__raf.push(t); requestAnimationFrame(f);} })(performance.now());
"""
ENV = r"""
var g = Object.getOwnPropertyNames(window).filter(function(k){return /^(cdc_|\$cdc_|__webdriver|__selenium|__driver|__fxdriver|_selenium|__playwright|__pw|__puppeteer|_phantom|callPhantom|domAutomation|webdriver)/i.test(k);});
var docg = Object.getOwnPropertyNames(document).filter(function(k){return /cdc_|webdriver|selenium|driver/i.test(k);});
var r = window.__raf; var d=[]; for (var i=1;i<r.length;i++) d.push(r[i]-r[i-1]);
d.sort(function(a,b){return a-b;});
return {webdriver: navigator.webdriver, wdDesc: !!Object.getOwnPropertyDescriptor(Navigator.prototype,'webdriver'), ua: navigator.userAgent, uaData: navigator.userAgentData ? navigator.userAgentData.brands.map(function(b){return b.brand;}) : null,
 plugins: navigator.plugins.length, mimes: navigator.mimeTypes.length, langs: navigator.languages, lang: navigator.language, chrome: typeof window.chrome, chromeRuntime: !!(window.chrome && window.chrome.runtime),
 globals: g, docGlobals: docg, hasFocus: document.hasFocus(), vis: document.visibilityState, outer:[outerWidth, outerHeight], inner:[innerWidth, innerHeight], screen:[screen.width, screen.height, screen.availWidth, screen.availHeight, screenX, screenY],
 hw: navigator.hardwareConcurrency, notif: typeof Notification !== 'undefined' ? Notification.permission : null, rafMedian: d[d.length>>1], rafMin: d[0], rafMax: d[d.length-1], rafN: d.length,
 pdfViewer: navigator.pdfViewerEnabled, touch: navigator.maxTouchPoints, colorDepth: screen.colorDepth, dpr: devicePixelRatio, webgl: (function(){try{var c=document.createElement('canvas').getContext('webgl'); var x=c.getExtension('WEBGL_debug_renderer_info'); return x? c.getParameter(x.UNMASKED_RENDERER_WEBGL):'nogl-ext';}catch(e){return 'err';}})()};
"""

def make(stealth):
    o = webdriver.ChromeOptions(); o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"): o.add_argument(a)
    if stealth:
        o.add_argument("--disable-blink-features=AutomationControlled")
        o.add_argument("--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36")
        o.add_experimental_option("excludeSwitches", ["enable-automation"])
        o.add_experimental_option("useAutomationExtension", False)
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    if stealth:
        d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": "Object.defineProperty(Navigator.prototype,'webdriver',{get:()=>undefined}); for (const k of Object.keys(window)) if (/^cdc_|^\\$cdc_/.test(k)) delete window[k];"})
    return d

def load(d):
    d.get("data:text/html," + PAGE) if False else d.get("about:blank")
    d.execute_script("document.open();document.write(arguments[0]);document.close();", PAGE)
    d.execute_script(JS)
    time.sleep(2.2)

def summarize(ev, label):
    pm = [e for e in ev if e['type']=='pointermove']
    mm = [e for e in ev if e['type']=='mousemove']
    out = {'label': label, 'n_pm': len(pm), 'n_mm': len(mm)}
    out['trusted'] = sorted(set((e['type'], e['trusted']) for e in ev))
    out['coalesced'] = sorted(set(e['co'] for e in pm))
    out['wh_p'] = sorted(set((e['pt'], e['w'], e['h'], e['p'], e['bs']) for e in ev if e['type'].startswith('pointer')))
    # movement vs client delta
    mism = 0; tot=0; samples=[]
    for a,b in zip(pm, pm[1:]):
        dx, dy = b['x']-a['x'], b['y']-a['y']
        tot+=1
        if abs(dx-b['mx'])>1 or abs(dy-b['my'])>1: mism+=1
        if len(samples)<4: samples.append((dx,dy,b['mx'],b['my']))
    out['movement_mismatch'] = f"{mism}/{tot}"; out['mv_samples']=samples
    out['first_mv'] = [(e['mx'],e['my']) for e in pm[:2]]
    ts = [e['ts'] for e in pm]; dts = sorted(round(b-a,2) for a,b in zip(ts, ts[1:]))
    out['pm_dt'] = (dts[:3], dts[len(dts)//2] if dts else None, dts[-3:])
    out['screen_vs_client'] = sorted(set((round(e['sx']-e['x']), round(e['sy']-e['y'])) for e in pm))[:3]
    keys = [e for e in ev if e['type'] in ('keydown','keyup')]
    if keys:
        out['keys'] = sorted(set((e['type'], e['trusted'], e['code'], e['loc'], e['kc']) for e in keys))[:6]
        kts = [e['ts'] for e in keys]; out['key_dt'] = sorted(round(b-a,2) for a,b in zip(kts,kts[1:]))[:5]
    out['other'] = [e for e in ev if e['type'] in ('win-focus','win-blur','vis')]
    out['detail'] = sorted(set((e['type'], e['det']) for e in ev if e['type'] in ('pointerdown','click')))
    out['pid'] = sorted(set(e['pid'] for e in ev if e['type'].startswith('pointer')))
    return out

def actions_path(d):
    pad = d.find_element(By.ID, 'pad')
    ab = ActionBuilder(d, duration=0)
    ab.pointer_action.move_to_location(100, 100)
    x, y = 100, 100
    for i in range(40):
        x += 7 + random.random()*3; y += 3 + random.random()*2
        ab.pointer_action.move_to_location(int(x), int(y)); ab.pointer_action.pause(0.016)
    ab.pointer_action.click()
    ab.perform()
    ActionChains(d).move_to_element(pad).click().perform()
    d.find_element(By.ID, 't').click()
    ActionChains(d).send_keys("hello").perform()

def cdp_path(d):
    x, y = 100.0, 100.0
    d.execute_cdp_cmd("Input.dispatchMouseEvent", {"type":"mouseMoved","x":x,"y":y})
    for i in range(40):
        x += 7.3 + random.random()*3; y += 3.1 + random.random()*2
        d.execute_cdp_cmd("Input.dispatchMouseEvent", {"type":"mouseMoved","x":x,"y":y})
        time.sleep(0.016)
    d.execute_cdp_cmd("Input.dispatchMouseEvent", {"type":"mousePressed","x":x,"y":y,"button":"left","clickCount":1, "buttons":1})
    time.sleep(0.08)
    d.execute_cdp_cmd("Input.dispatchMouseEvent", {"type":"mouseReleased","x":x,"y":y,"button":"left","clickCount":1})
    d.execute_script("document.getElementById('t').focus()")
    for ch in "hello":
        d.execute_cdp_cmd("Input.dispatchKeyEvent", {"type":"keyDown","key":ch,"text":ch,"code":"Key"+ch.upper(),"windowsVirtualKeyCode":ord(ch.upper())})
        time.sleep(0.05)
        d.execute_cdp_cmd("Input.dispatchKeyEvent", {"type":"keyUp","key":ch,"code":"Key"+ch.upper(),"windowsVirtualKeyCode":ord(ch.upper())})
        time.sleep(0.07)
    # paste via CDP insertText
    d.execute_cdp_cmd("Input.insertText", {"text":"pasted"})

for stealth in (False, True):
    for path in ("actions", "cdp"):
        d = make(stealth)
        try:
            load(d)
            env = d.execute_script(ENV)
            (actions_path if path=="actions" else cdp_path)(d)
            time.sleep(0.3)
            ev = d.execute_script("return window.__ev")
            print(json.dumps({'stealth': stealth, 'path': path, 'env': env}, default=str))
            print(json.dumps(summarize(ev, f"{path}/{'adaptive' if stealth else 'naive'}"), default=str))
        finally:
            d.quit()
